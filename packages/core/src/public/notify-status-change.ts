import { formatItemKey, type ItemStatus, type PublicStatus } from '@baton/contracts';
import type { Prisma } from '@baton/db';
import type { Deps, Tx } from '../deps.ts';
import { enqueueEmails, publicBase } from '../email/enqueue-email.ts';
import { readPublicSettings } from './public-product.ts';
import { PUBLIC_STATUS_SAY, publicStatusOf } from './public-status.ts';

type Asked = { id: string; submitterEmail: string | null };
type Emails = Array<{ email: string }>;

/** What says who asked for one item, read with it in one statement (relation joins): see askersFrom. */
export const askerSelect = {
  submitterEmail: true,
  votes: { where: { verifiedAt: { not: null } }, select: { email: true } },
  mergedIdeas: { select: { email: true } },
} satisfies Prisma.ItemSelect;

/**
 * Who asked for each item: its submitter, submitters of ideas merged into it, and its verified voters (each
 * address once, with every item it asked for). The one rule; askersOf reads what it needs for many items.
 */
export function askersFrom<T>(items: Array<{ item: T; submitterEmail: string | null; votes: Emails; mergedIdeas: Emails }>): Map<string, T[]> {
  const byEmail = new Map<string, T[]>();
  const add = (email: string, item: T) => {
    const list = byEmail.get(email) ?? [];
    if (!list.includes(item)) list.push(item);
    byEmail.set(email, list);
  };
  for (const i of items) if (i.submitterEmail) add(i.submitterEmail, i.item);
  for (const i of items) for (const s of i.mergedIdeas) add(s.email, i.item);
  for (const i of items) for (const v of i.votes) add(v.email, i.item);
  return byEmail;
}

/** askersFrom for items already read (a release's), with their votes and merged ideas read in two statements. */
export async function askersOf<T extends Asked>(tx: Tx, items: T[]): Promise<Map<string, T[]>> {
  const ids = items.map((i) => i.id);
  const [votes, merged] = await Promise.all([
    tx.vote.findMany({ where: { itemId: { in: ids }, verifiedAt: { not: null } }, select: { itemId: true, email: true } }),
    tx.submission.findMany({ where: { mergedIntoId: { in: ids } }, select: { mergedIntoId: true, email: true } }),
  ]);
  return askersFrom(
    items.map((item) => ({
      item,
      submitterEmail: item.submitterEmail,
      votes: votes.filter((v) => v.itemId === item.id),
      mergedIdeas: merged.filter((s) => s.mergedIntoId === item.id),
    })),
  );
}

/**
 * Called in the transaction that changes an item's status (changeItemStatus): when its public status moves with
 * it (in progress, done, declined; see public-status.ts), the people who asked for the item hear about it.
 * `item.publicStatus` is the team's word as the status write returned it (no read of its own).
 * `toldAlready`: addresses the caller writes to itself (a triage decision explains itself), so nobody gets two
 * emails for one change.
 */
export async function notifyStatusChange(
  deps: Pick<Deps, 'publicUrl'>,
  tx: Tx,
  item: { id: string; publicStatus: PublicStatus | null },
  before: ItemStatus,
  after: ItemStatus,
  toldAlready: string[] = [],
): Promise<void> {
  if (before === after) return;
  const { id: itemId, publicStatus } = item;
  await notifyPublicStatus(deps, tx, itemId, publicStatusOf({ status: before, publicStatus }), publicStatusOf({ status: after, publicStatus }), toldAlready);
}

/**
 * When an item's public status moves (planned, in progress, done, declined, ...), the people who asked for it
 * hear about it: its submitter, submitters of ideas merged into it, and its verified voters. Internal items
 * nobody asked for send nothing.
 */
export async function notifyPublicStatus(
  deps: Pick<Deps, 'publicUrl'>,
  tx: Tx,
  itemId: string,
  before: PublicStatus,
  status: PublicStatus,
  toldAlready: string[] = [],
): Promise<void> {
  if (before === status) return;
  const item = await tx.item.findUniqueOrThrow({
    where: { id: itemId },
    select: {
      number: true,
      title: true,
      visibility: true,
      product: { select: { key: true, name: true, publicSettings: true } },
      ...askerSelect,
    },
  });
  const to = askersFrom([{ ...item, item: itemId }]);
  for (const email of toldAlready) to.delete(email);
  if (!to.size) return;
  const key = formatItemKey(item.product.key, item.number);
  const visible = item.visibility === 'public' && readPublicSettings(item.product.publicSettings).enabled;
  await enqueueEmails(
    deps,
    tx,
    [...to.keys()].map((email) => ({
      to: email,
      kind: 'status_changed' as const,
      subject: `${item.title} ${PUBLIC_STATUS_SAY[status]}`,
      text: [
        `"${item.title}" (${key}) on the ${item.product.name} roadmap ${PUBLIC_STATUS_SAY[status]}.`,
        ...(visible ? ['', `See it: ${publicBase(deps)}/roadmap/${item.product.key}/${item.number}`] : []),
      ].join('\n'),
    })),
  );
}
