import { formatItemKey, UnvoteInput, VoteInput, type VoteResult } from '@baton/contracts';
import type { z } from 'zod';
import { hashToken, randomToken } from '../auth/tokens.ts';
import type { Deps, Tx } from '../deps.ts';
import { enqueueEmails, publicBase } from '../email/enqueue-email.ts';
import { badField, DomainError } from '../errors.ts';
import { findPublicBoard, findPublicItemId, readPublicSettings, type PublicBoard } from './public-product.ts';
import { voteInBatch, voteLimitReached } from './vote-batch.ts';
import { voterEmailOf } from './voter-token.ts';
import { unsubscribeFromDigests } from '../notifications/preferences.ts';

/** Every per-vote transaction waits this long for the database under load (batched votes queue instead). */
const TX_OPTIONS = { timeout: 15_000, maxWait: 15_000 };

/** One confirmation link per address per minute: voting on several ideas in a row does not flood an inbox. */
const LINK_EVERY_MS = 60_000;
const LINK_TTL_MS = 24 * 3_600_000;

/**
 * Serializes one email's votes until the transaction ends, so the per-product vote limit is checked and used
 * atomically (a transaction-scoped advisory lock: no row has to exist first, nothing to clean up).
 */
async function lockVoter(tx: Tx, email: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${email}))`;
}

/**
 * Sends a confirmation link unless one went out in the last minute, listing the waiting votes it will count:
 * a stranger can vote with anyone's address, so its owner sees exactly what confirming does (verifyEmail
 * counts the votes waiting when the link was made, no others).
 */
async function sendConfirmation(deps: Deps, tx: Tx, board: PublicBoard, email: string, now: Date): Promise<void> {
  const recent = await tx.emailVerification.findFirst({
    where: { email, usedAt: null, createdAt: { gt: new Date(now.getTime() - LINK_EVERY_MS) } },
    select: { id: true },
  });
  if (recent) return;
  const waiting = await tx.vote.findMany({
    where: { email, verifiedAt: null, createdAt: { lte: now } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: 100,
    select: { item: { select: { number: true, title: true, product: { select: { key: true, name: true } } } } },
  });
  const token = randomToken();
  await tx.emailVerification.create({
    data: { email, tokenHash: hashToken(token), createdAt: now, expiresAt: new Date(now.getTime() + LINK_TTL_MS) },
  });
  await enqueueEmails(deps, tx, [
    {
      to: email,
      kind: 'verify_email',
      subject: `Confirm your vote on the ${board.name} roadmap`,
      text: [
        `Someone (hopefully you) voted on the ${board.name} roadmap with this address.`,
        `Confirm it to count your votes: ${publicBase(deps)}/verify/${token}`,
        '',
        ...(waiting.length
          ? [
              'Confirming counts these votes (within each board’s vote limit), and no others:',
              ...waiting.map(({ item: i }) => `- ${i.title} (${i.product.name}, ${formatItemKey(i.product.key, i.number)})`),
              '',
            ]
          : []),
        'The link works once, for 24 hours. If it was not you, ignore this message and nothing is counted.',
      ].join('\n'),
    },
  ]);
}

/**
 * One vote per email per item. With a voter token (the confirmed-email cookie) the vote counts at once;
 * with a bare email it waits, and a confirmation link is mailed. The item's count and the vote row change in
 * one transaction, and the unique (item, email) key deduplicates racing votes, so counts stay exact.
 */
export async function vote(deps: Deps, raw: z.input<typeof VoteInput>): Promise<VoteResult> {
  const input = VoteInput.parse(raw);
  if (input.voterToken) {
    // the common case under load: written with the other votes waiting (vote-batch.ts)
    const result = await voteInBatch(deps, { productKey: input.productKey, ref: input.ref, voterToken: input.voterToken });
    if (result) return result;
  }
  return votePending(deps, input);
}

/** A vote in its own transaction: a bare email (it waits for confirmation), or a token that no longer proves one. */
async function votePending(deps: Deps, input: z.output<typeof VoteInput>): Promise<VoteResult> {
  const board = await findPublicBoard(deps, input.productKey);
  const item = await findPublicItemId(deps, board, input.ref);
  const confirmed = await voterEmailOf(deps, input.voterToken);
  const email = confirmed ?? input.email;
  if (!email) throw badField('email', 'is required (your confirmation link has expired)');
  return deps.db.$transaction(
    async (tx) => {
      await lockVoter(tx, email);
      const now = deps.clock();
      const existing = await tx.vote.findUnique({
        where: { itemId_email: { itemId: item.id, email } },
        select: { id: true, verifiedAt: true },
      });
      if (!confirmed) {
        // a bare email proves nothing: the vote waits, takes none of the address's votes until confirmed, and the
        // answer is the same whether or not the address voted here before (no 'already', no limit refusal)
        if (!existing) await tx.vote.create({ data: { itemId: item.id, email, createdAt: now } });
        await sendConfirmation(deps, tx, board, email, now);
        const { voteCount } = await tx.item.findUniqueOrThrow({ where: { id: item.id }, select: { voteCount: true } });
        return { state: 'pending' as const, voteCount };
      }
      if (existing?.verifiedAt) {
        const { voteCount } = await tx.item.findUniqueOrThrow({ where: { id: item.id }, select: { voteCount: true } });
        return { state: 'already' as const, voteCount };
      }
      // only counted votes use the board's limit (waiting ones were never confirmed)
      const used = await tx.vote.count({ where: { email, verifiedAt: { not: null }, item: { productId: board.id } } });
      if (used >= board.settings.voteLimit) throw voteLimitReached(board.settings.voteLimit);
      if (existing) await tx.vote.update({ where: { id: existing.id }, data: { verifiedAt: now } });
      else await tx.vote.create({ data: { itemId: item.id, email, verifiedAt: now } });
      const { voteCount } = await tx.item.update({
        where: { id: item.id },
        data: { voteCount: { increment: 1 } },
        select: { voteCount: true },
      });
      return { state: 'counted' as const, voteCount };
    },
    TX_OPTIONS,
  );
}

/** Takes a vote back (the voter token proves the email); a counted vote leaves the count. */
export async function unvote(deps: Deps, raw: z.input<typeof UnvoteInput>): Promise<VoteResult> {
  const input = UnvoteInput.parse(raw);
  const board = await findPublicBoard(deps, input.productKey);
  const item = await findPublicItemId(deps, board, input.ref);
  const email = await voterEmailOf(deps, input.voterToken);
  if (!email) throw badField('voterToken', 'has expired; vote again to get a new confirmation link');
  return deps.db.$transaction(
    async (tx) => {
      await lockVoter(tx, email);
      const existing = await tx.vote.findUnique({
        where: { itemId_email: { itemId: item.id, email } },
        select: { id: true, verifiedAt: true },
      });
      if (existing) await tx.vote.delete({ where: { id: existing.id } });
      const { voteCount } = existing?.verifiedAt
        ? await tx.item.update({ where: { id: item.id }, data: { voteCount: { decrement: 1 } }, select: { voteCount: true } })
        : await tx.item.findUniqueOrThrow({ where: { id: item.id }, select: { voteCount: true } });
      return { state: 'counted' as const, voteCount };
    },
    TX_OPTIONS,
  );
}

/**
 * Redeems a confirmation link once: the email is verified, the waiting votes the link's message listed count
 * (those cast before it was made, oldest first, while the board's vote limit allows; the rest are dropped), and
 * the token becomes the browser's voter credential. A used or expired link answers NOT_FOUND.
 */
export async function verifyEmail(deps: Deps, token: string): Promise<{ email: string; voterToken: string; counted: number }> {
  const now = deps.clock();
  return deps.db.$transaction(
    async (tx) => {
      const { count } = await tx.emailVerification.updateMany({
        where: { tokenHash: hashToken(token), usedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
      });
      if (!count) throw new DomainError('NOT_FOUND', 'This confirmation link has expired or was already used');
      const link = await tx.emailVerification.findUniqueOrThrow({ where: { tokenHash: hashToken(token) }, select: { email: true, createdAt: true } });
      const { email } = link;
      await lockVoter(tx, email);
      await tx.voterEmail.upsert({ where: { email }, create: { email, verifiedAt: now }, update: { verifiedAt: now } });
      const waiting = await tx.vote.findMany({
        where: { email, verifiedAt: null, createdAt: { lte: link.createdAt } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        select: { id: true, itemId: true, item: { select: { productId: true, product: { select: { publicSettings: true } } } } },
      });
      const used = new Map<string, number>();
      let counted = 0;
      for (const v of waiting) {
        const productId = v.item.productId;
        const before = used.get(productId) ?? (await tx.vote.count({ where: { email, verifiedAt: { not: null }, item: { productId } } }));
        if (before >= readPublicSettings(v.item.product.publicSettings).voteLimit) {
          await tx.vote.delete({ where: { id: v.id } });
          used.set(productId, before);
          continue;
        }
        await tx.vote.update({ where: { id: v.id }, data: { verifiedAt: now } });
        await tx.item.update({ where: { id: v.itemId }, data: { voteCount: { increment: 1 } } });
        used.set(productId, before + 1);
        counted += 1;
      }
      return { email, voterToken: token, counted };
    },
    TX_OPTIONS,
  );
}

/** The unsubscribe link of any notification email: that address gets no more notifications (honoured on the next send). */
export async function unsubscribe(deps: Deps, token: string): Promise<{ email: string }> {
  const message = await deps.db.emailMessage.findUnique({ where: { unsubscribeTokenHash: hashToken(token) }, select: { to: true, kind: true } });
  if (!message) throw new DomainError('NOT_FOUND', 'This unsubscribe link is not valid');
  // a member's notification digest: their notification email goes off; public-idea mail is another matter
  if (message.kind === 'notification_digest') {
    await unsubscribeFromDigests(deps, message.to);
    return { email: message.to };
  }
  const now = deps.clock();
  await deps.db.voterEmail.upsert({
    where: { email: message.to },
    create: { email: message.to, unsubscribedAt: now },
    update: { unsubscribedAt: now },
  });
  return { email: message.to };
}
