import { formatItemKey } from '@baton/contracts';
import { randomToken } from '../auth/tokens.ts';
import type { Deps } from '../deps.ts';
import { enqueueEmails, publicBase } from '../email/enqueue-email.ts';

/** How long a notification waits for others to share its email: one email per person per few minutes at most. */
export const EMAIL_DIGEST_DELAY_MS = 5 * 60_000;

export type DigestOptions = { delayMs?: number };
/** A person's notifications in one email; more are counted, not listed. */
const MAX_LISTED = 50;
/** People per page, and pages per flush (a backlog past that waits for the next flush). */
const PEOPLE_PER_PAGE = 50;
const MAX_PAGES = 40;

/**
 * Turns due notifications into digest emails in the outbox (email/enqueue-email.ts; deliver-emails.ts sends them).
 * A person is due once their oldest notification not yet in a digest has waited EMAIL_DIGEST_DELAY_MS; their
 * digest then takes every notification they have not had by email, so several changes make one email.
 * Notifications read in the app meanwhile, of kinds the person muted, or about items they can no longer see are
 * taken and left out; nothing is sent when nothing is left, or when the person turned email off.
 * Each digest claims its rows with one conditional update under a fresh batch id, in the transaction that queues
 * the email: two flushes (replicas, or a timer and a job) never mail a notification twice.
 * A plain function with the clock injected: the host calls it before each outbox delivery (backend/src/server.ts),
 * wherever that runs. Returns the number of emails queued.
 */
export async function flushNotificationEmails(deps: Pick<Deps, 'db' | 'clock' | 'publicUrl'>, opts: DigestOptions = {}): Promise<number> {
  const dueSince = new Date(deps.clock().getTime() - (opts.delayMs ?? EMAIL_DIGEST_DELAY_MS));
  let queued = 0;
  // page by page: every person handled is taken out of the next page (their rows get a batch), so this ends
  for (let page = 0; page < MAX_PAGES; page++) {
    const due = await deps.db.notification.findMany({
      where: { emailBatch: null, emailSince: { lte: dueSince } },
      distinct: ['userId'],
      select: { userId: true },
      take: PEOPLE_PER_PAGE,
    });
    for (const { userId } of due) queued += await flushOne(deps, userId);
    if (due.length < PEOPLE_PER_PAGE) break;
  }
  return queued;
}

async function flushOne(deps: Pick<Deps, 'db' | 'clock' | 'publicUrl'>, userId: string): Promise<number> {
  const batch = randomToken(12);
  return deps.db.$transaction(async (tx) => {
    const { count } = await tx.notification.updateMany({
      where: { userId, emailBatch: null, emailSince: { not: null } },
      data: { emailBatch: batch },
    });
    if (count === 0) return 0; // another flush took them
    const user = await tx.user.findUnique({
      where: { id: userId },
      select: {
        email: true,
        name: true,
        notifyPrefs: { select: { emailOff: true, emailMuted: true } },
        memberships: { select: { organizationId: true } },
      },
    });
    if (!user || user.notifyPrefs?.emailOff) return 0;
    const muted = new Set(user.notifyPrefs?.emailMuted ?? []);
    const rows = await tx.notification.findMany({
      where: { emailBatch: batch, readAt: null, kind: { notIn: [...muted] } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { body: true, itemId: true },
    });
    const orgs = user.memberships.map((m) => m.organizationId);
    const itemIds = [...new Set(rows.map((r) => r.itemId).filter((id): id is string => !!id))];
    const items = await tx.item.findMany({
      where: { id: { in: itemIds }, deletedAt: null, product: { organizationId: { in: orgs } } },
      select: { id: true, number: true, title: true, product: { select: { key: true } } },
    });
    const byId = new Map(items.map((i) => [i.id, i]));
    const base = publicBase(deps);
    const lines = rows.flatMap((r) => {
      const item = r.itemId ? byId.get(r.itemId) : undefined;
      if (r.itemId && !item) return []; // deleted, or out of the person's reach now
      return [item ? `- ${r.body}: ${item.title}\n  ${base}/p/${item.product.key}/items/${formatItemKey(item.product.key, item.number)}` : `- ${r.body}`];
    });
    if (lines.length === 0) return 0;
    const listed = lines.slice(0, MAX_LISTED);
    const more = lines.length - listed.length;
    const subject = lines.length === 1 ? (rows.find((r) => !r.itemId || byId.has(r.itemId))?.body ?? 'Baton') : `${lines.length} updates in Baton`;
    const text = [
      `Hi ${user.name},`,
      '',
      ...listed,
      ...(more > 0 ? [`…and ${more} more: ${base}/notifications`] : []),
      '',
      `All notifications: ${base}/notifications`,
      `Choose what is emailed: ${base}/settings/notifications`,
    ].join('\n');
    // a digest about one item names it, so a reply to the email becomes a comment there (docs/email-in.md)
    const listedItems = new Set(rows.flatMap((r) => (r.itemId && byId.has(r.itemId) ? [r.itemId] : [])));
    const itemId = listedItems.size === 1 && rows.every((r) => r.itemId) ? [...listedItems][0] : undefined;
    return enqueueEmails(deps, tx, [{ to: user.email, subject, text, kind: 'notification_digest', dedupeKey: `digest:${batch}`, ...(itemId && { itemId }) }]);
  });
}
