import { hashToken, randomToken } from '../auth/tokens.ts';
import type { Deps, Tx } from '../deps.ts';

export type EmailKind = 'submission_received' | 'status_changed' | 'shipped' | 'merged' | 'verify_email' | 'notification_digest' | 'webhook_disabled';

export type NewEmail = {
  to: string;
  subject: string;
  /** plain-text body; links are absolute */
  text: string;
  kind: EmailKind;
  /** a second enqueue with the same key is dropped: an event never mails anyone twice */
  dedupeKey?: string;
  /** the one item it is about, if any: replies to it thread there (docs/email-in.md) */
  itemId?: string;
};

/** Notifications carry an unsubscribe link; the one-time verification link is a reply to a request and does not. */
const NOTIFICATION: ReadonlySet<EmailKind> = new Set(['submission_received', 'status_changed', 'shipped', 'merged', 'notification_digest']);
/** Mail to the public about ideas, which an unsubscribed address (VoterEmail) no longer gets. */
const PUBLIC: ReadonlySet<EmailKind> = new Set(['submission_received', 'status_changed', 'shipped', 'merged']);
/** Why the recipient gets this, above the unsubscribe link. */
const because = (kind: EmailKind) =>
  kind === 'notification_digest' ? 'You get this because of your notifications in Baton; the bell keeps them.' : 'You get this because you submitted or voted for an idea.';

export const publicBase = (deps: Pick<Deps, 'publicUrl'>) => (deps.publicUrl ?? 'http://127.0.0.1:3000').replace(/\/$/, '');

/**
 * Writes messages to the outbox inside the caller's transaction, so a message exists exactly when the change
 * that caused it committed; the delivery worker (deliver-emails.ts) sends them. Recipients who unsubscribed get
 * no notifications. Returns how many were queued.
 */
export async function enqueueEmails(deps: Pick<Deps, 'publicUrl'>, tx: Tx, emails: NewEmail[]): Promise<number> {
  if (!emails.length) return 0;
  // a member's digest follows their notification preferences (checked by its sender), not the public opt-out
  const notify = emails.filter((e) => PUBLIC.has(e.kind)).map((e) => e.to);
  const unsubscribed = notify.length
    ? new Set(
        (await tx.voterEmail.findMany({ where: { email: { in: notify }, unsubscribedAt: { not: null } }, select: { email: true } })).map(
          (v) => v.email,
        ),
      )
    : new Set<string>();
  const rows = emails
    .filter((e) => !PUBLIC.has(e.kind) || !unsubscribed.has(e.to))
    .map((e) => {
      if (!NOTIFICATION.has(e.kind)) return { to: e.to, subject: e.subject, text: e.text, kind: e.kind, dedupeKey: e.dedupeKey ?? null, itemId: e.itemId ?? null };
      const token = randomToken();
      const text = `${e.text}\n\n--\n${because(e.kind)} Unsubscribe: ${publicBase(deps)}/unsubscribe/${token}\n`;
      return { to: e.to, subject: e.subject, text, kind: e.kind, dedupeKey: e.dedupeKey ?? null, itemId: e.itemId ?? null, unsubscribeTokenHash: hashToken(token) };
    });
  const { count } = await tx.emailMessage.createMany({ data: rows, skipDuplicates: true });
  return count;
}
