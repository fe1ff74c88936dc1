import type { Deps } from '../deps.ts';
import { emailInAddress, readEmailInSettings } from '../email-in/settings.ts';

export type OutgoingEmail = {
  id: string;
  to: string;
  subject: string;
  text: string;
  unsubscribeUrl: string | null;
  /** the one item the message is about: the transport names it in the Message-ID, so a reply threads to it */
  itemId?: string | null;
  /** the product's email-in address when it takes mail (docs/email-in.md): replies become comments */
  replyTo?: string | null;
};
/** Sends one message or throws; SMTP (nodemailer) or the local outbox folder, chosen by the host. */
export type EmailTransport = { send(message: OutgoingEmail): Promise<void> };

const MAX_ATTEMPTS = 8;
const BATCH = 25;
/** 30 s, 1 min, 2 min, ... capped at an hour: a mail server that is down for a while is retried, not hammered. */
const backoffMs = (attempts: number) => Math.min(30_000 * 2 ** (attempts - 1), 3_600_000);

/**
 * Delivers due messages from the outbox. Each message is claimed by bumping its attempt count and pushing its
 * next attempt forward first, so two workers (replicas) never send the same message; a failure records the error
 * and schedules a retry, and after MAX_ATTEMPTS the message is marked failed. Returns how many were sent.
 */
export async function deliverDueEmails(deps: Pick<Deps, 'db' | 'clock' | 'emailInDomain'>, transport: EmailTransport): Promise<number> {
  const now = deps.clock();
  const due = await deps.db.emailMessage.findMany({
    where: { status: 'pending', nextAttemptAt: { lte: now } },
    orderBy: { nextAttemptAt: 'asc' },
    take: BATCH,
    select: { id: true, to: true, subject: true, text: true, kind: true, attempts: true, unsubscribeTokenHash: true, itemId: true },
  });
  const replyTo = await replyAddresses(deps, due.flatMap((m) => (m.itemId ? [m.itemId] : [])));
  let sent = 0;
  for (const m of due) {
    const attempts = m.attempts + 1;
    const { count } = await deps.db.emailMessage.updateMany({
      where: { id: m.id, status: 'pending', attempts: m.attempts },
      data: { attempts, nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)) },
    });
    if (!count) continue; // another worker took it
    // an unsubscribe after the message was queued is honoured here, on the send
    if (m.unsubscribeTokenHash) {
      if (await unsubscribed(deps, m.to, m.kind)) {
        await deps.db.emailMessage.update({ where: { id: m.id }, data: { status: 'failed', lastError: 'recipient unsubscribed' } });
        continue;
      }
    }
    try {
      const unsubscribeUrl = m.unsubscribeTokenHash ? (/Unsubscribe: (\S+)/.exec(m.text)?.[1] ?? null) : null;
      await transport.send({ id: m.id, to: m.to, subject: m.subject, text: m.text, unsubscribeUrl, itemId: m.itemId, replyTo: (m.itemId && replyTo.get(m.itemId)) || null });
      await deps.db.emailMessage.update({ where: { id: m.id }, data: { status: 'sent', sentAt: deps.clock(), lastError: null } });
      sent += 1;
    } catch (e) {
      const lastError = (e instanceof Error ? e.message : String(e)).slice(0, 1000);
      await deps.db.emailMessage.update({
        where: { id: m.id },
        data: { lastError, ...(attempts >= MAX_ATTEMPTS && { status: 'failed' }) },
      });
    }
  }
  return sent;
}

/** Items whose product takes mail: a reply to their notification goes to that address. */
async function replyAddresses(deps: Pick<Deps, 'db' | 'emailInDomain'>, itemIds: string[]): Promise<Map<string, string>> {
  if (!deps.emailInDomain || !itemIds.length) return new Map();
  const items = await deps.db.item.findMany({ where: { id: { in: itemIds } }, select: { id: true, product: { select: { key: true, emailInSettings: true } } } });
  return new Map(items.flatMap((i) => (readEmailInSettings(i.product.emailInSettings).enabled ? [[i.id, emailInAddress(deps, i.product.key)!] as const] : [])));
}

/** A digest follows the member's notification preference; public mail, the address's opt-out. */
async function unsubscribed(deps: Pick<Deps, 'db'>, to: string, kind: string): Promise<boolean> {
  if (kind === 'notification_digest') {
    const user = await deps.db.user.findUnique({ where: { email: to }, select: { notifyPrefs: { select: { emailOff: true } } } });
    return !!user?.notifyPrefs?.emailOff;
  }
  const voter = await deps.db.voterEmail.findUnique({ where: { email: to }, select: { unsubscribedAt: true } });
  return !!voter?.unsubscribedAt;
}
