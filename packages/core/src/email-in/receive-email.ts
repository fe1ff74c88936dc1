import { ATTACHMENT_MAX_BYTES, CommentBody, CreateItemInput, LIMITS, formatItemKey } from '@baton/contracts';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { requireProductAccess } from '../access/product-access.ts';
import { writeTransaction, type ActivityActor } from '../activity/record-activity.ts';
import { acceptedType, cleanFileName, writeAttachment } from '../attachments/attachments.ts';
import { hashToken, randomToken } from '../auth/tokens.ts';
import type { Ctx, Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { writeComment } from '../items/comments.ts';
import { insertItem } from '../items/create-item.ts';
import { stripQuotedReply, threadItemIds } from './quoted-reply.ts';
import { senderAllowed } from './senders.ts';
import { readEmailInSettings } from './settings.ts';

export type IncomingEmail = {
  productId: string;
  /** the author: the message's From address and display name */
  from: { address: string; name: string };
  subject: string;
  /** the plain-text body (mailparser derives one from an HTML-only message) */
  text: string;
  /** Message-IDs from In-Reply-To and References, in order */
  threadIds: string[];
  /** the message's own Message-ID header, if it has one: a second delivery of that id stores nothing new */
  messageId: string | null;
  attachments: { fileName: string; content: Buffer }[];
};

export type ReceivedEmail = {
  kind: 'item' | 'comment';
  itemId: string;
  itemKey: string;
  attached: string[];
  /** attachments left out (type not allowed, empty, too large), with why */
  skipped: { fileName: string; reason: string }[];
  /** true: this Message-ID was stored before (as the item or comment named), and nothing new was */
  duplicate: boolean;
};

/**
 * Mail to a product with email in on, after the listener checked the address, size and rate: a reply to one of
 * Baton's notifications (threaded by In-Reply-To/References) becomes a comment by the member who wrote it; any
 * other message a new item, reported by the matching member, or else by its sender's address (like a public
 * submission, into triage). The item or comment and its attachments are one transaction, so when this returns the
 * mail is stored: the listener answers 250 only then. Refusals are DomainErrors (FORBIDDEN, BAD_INPUT, NOT_FOUND).
 * A message is stored once per product under its Message-ID (an InboundEmail row in the same transaction): a second
 * delivery, even one racing the first, answers what the first stored. A message without one is stored each time.
 */
export async function receiveEmail(deps: Deps, mail: IncomingEmail): Promise<ReceivedEmail> {
  const product = await deps.db.product.findUnique({ where: { id: mail.productId }, select: { id: true, key: true, name: true, organizationId: true, archivedAt: true, emailInSettings: true } });
  if (!product || product.archivedAt) throw new DomainError('NOT_FOUND', 'No product takes mail at this address');
  const { allowlist } = readEmailInSettings(product.emailInSettings);
  const address = mail.from.address.trim().toLowerCase();
  if (!senderAllowed(allowlist, address)) throw new DomainError('FORBIDDEN', `${address} may not write to ${product.key}`);
  const member = await findMember(deps, product.organizationId, address);
  const actor: Ctx | (Deps & { principal: ActivityActor }) = member
    ? { ...deps, principal: { kind: 'user', userId: member.id, name: member.name, email: member.email, sessionId: null } }
    : { ...deps, principal: { kind: 'system', name: `${mail.from.name || address} (email)` } };
  // a member needs the right to write (a viewer's mail is refused); an outside sender's items wait in triage
  const access = member ? await requireProductAccess(actor as Ctx, product.id, 'write') : { product };
  const threadItem = await findThreadItem(deps, product.id, mail.threadIds);
  if (threadItem && !member) throw new DomainError('FORBIDDEN', 'Only members of the team can reply to Baton notifications');
  const body = threadItem ? stripQuotedReply(mail.text) : mail.text.trim();
  const messageId = messageIdOf(mail.messageId);
  // the common repeat (a sender retrying after a lost 250) stops here, before any attachment is written
  const earlier = messageId && (await findStored(deps, product, messageId));
  if (earlier) return earlier;
  const { stored, skipped } = await storeAttachments(deps, mail.attachments);
  try {
    return await writeTransaction(deps, async (tx, emit) => {
      let itemId: string;
      let number: number;
      if (threadItem) {
        const text = body || (stored.length ? `Attached by email: ${stored.map((s) => s.fileName).join(', ')}` : '');
        const parsed = CommentBody.safeParse(text.slice(0, LIMITS.comment));
        if (!parsed.success) throw new DomainError('BAD_INPUT', 'The reply has no text of its own');
        await writeComment(actor, tx, emit, { itemId: threadItem.id, product: access.product, body: parsed.data });
        ({ id: itemId, number } = threadItem);
      } else {
        const input = CreateItemInput.parse({
          productId: product.id,
          type: 'task',
          title: titleOf(mail.subject),
          description: body.slice(0, LIMITS.description),
        });
        const submitter = member ? undefined : { name: (mail.from.name || address).slice(0, 200), email: address };
        const item = await insertItem(actor, tx, emit, access.product, input, member ? {} : { status: 'triage', ...(submitter && { submitter }) });
        if (!member) {
          // into the team's triage inbox beside the public ideas; the status link is never mailed
          await tx.submission.create({ data: { productId: product.id, itemId: item.id, tokenHash: hashToken(randomToken()), name: submitter!.name, email: address } });
        }
        itemId = item.id;
        number = item.number;
      }
      for (const s of stored) await writeAttachment(actor, tx, emit, { ...s, itemId, productId: product.id });
      const kind = threadItem ? 'comment' : 'item';
      // last, so that a racing copy of this message fails here on the unique index and its whole write rolls back
      if (messageId) await tx.inboundEmail.create({ data: { productId: product.id, messageId, kind, itemId }, select: { id: true } });
      return { kind, itemId, itemKey: formatItemKey(product.key, number), attached: stored.map((s) => s.fileName), skipped, duplicate: false };
    });
  } catch (e) {
    await Promise.all(stored.map((s) => deps.storage?.delete(s.storageKey)));
    // a copy of this message delivered at the same time was stored first: answer what it stored
    const first = messageId && (e as { code?: unknown })?.code === 'P2002' ? await findStored(deps, product, messageId) : null;
    if (first) return first;
    throw e;
  }
}

/** The Message-ID as the dedup key: trimmed, blank is none, cut to 500 characters (a btree key must stay small). */
const messageIdOf = (header: string | null) => header?.trim().slice(0, 500) || null;

async function findStored(deps: Deps, product: { id: string; key: string }, messageId: string): Promise<ReceivedEmail | null> {
  const row = await deps.db.inboundEmail.findUnique({
    where: { productId_messageId: { productId: product.id, messageId } },
    select: { kind: true, itemId: true, item: { select: { number: true } } },
  });
  if (!row) return null;
  const kind = row.kind === 'comment' ? 'comment' : 'item';
  return { kind, itemId: row.itemId, itemKey: formatItemKey(product.key, row.item.number), attached: [], skipped: [], duplicate: true };
}

const titleOf = (subject: string) => {
  const t = subject.replace(/\s+/g, ' ').trim();
  return (t || '(no subject)').slice(0, LIMITS.title);
};

async function findMember(deps: Deps, organizationId: string, email: string) {
  const user = await deps.db.user.findUnique({ where: { email }, select: { id: true, name: true, email: true, memberships: { where: { organizationId }, select: { role: true } } } });
  return user && user.memberships.length ? user : null;
}

async function findThreadItem(deps: Deps, productId: string, messageIds: string[]) {
  const ids = threadItemIds(messageIds);
  if (!ids.length) return null;
  const items = await deps.db.item.findMany({ where: { id: { in: ids }, productId, deletedAt: null }, select: { id: true, number: true } });
  // the nearest in the thread wins (In-Reply-To first, then References from the newest)
  return ids.map((id) => items.find((i) => i.id === id)).find(Boolean) ?? null;
}

/** The uploads' rules for each file (allowed types by extension, 25 MB, not empty); the bytes go to storage first. */
async function storeAttachments(deps: Deps, files: IncomingEmail['attachments']) {
  const stored: { fileName: string; contentType: string; size: number; storageKey: string }[] = [];
  const skipped: { fileName: string; reason: string }[] = [];
  for (const f of files) {
    const fileName = cleanFileName(f.fileName);
    let contentType: string;
    try {
      contentType = acceptedType(fileName);
    } catch (e) {
      skipped.push({ fileName, reason: (e as Error).message });
      continue;
    }
    if (f.content.length === 0 || f.content.length > ATTACHMENT_MAX_BYTES) {
      skipped.push({ fileName, reason: f.content.length ? 'larger than 25 MB' : 'empty' });
      continue;
    }
    if (!deps.storage) {
      skipped.push({ fileName, reason: 'attachment storage is not configured' });
      continue;
    }
    const { key, stream } = await deps.storage.put();
    try {
      await pipeline(Readable.from([f.content]), stream);
    } catch (e) {
      await deps.storage.delete(key);
      await Promise.all(stored.map((s) => deps.storage?.delete(s.storageKey)));
      throw e;
    }
    stored.push({ fileName, contentType, size: f.content.length, storageKey: key });
  }
  return { stored, skipped };
}
