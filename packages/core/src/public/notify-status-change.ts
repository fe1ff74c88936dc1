import { formatItemKey, type ItemStatus, type PublicStatus } from '@baton/contracts';
import type { Deps, Tx } from '../deps.ts';
import { enqueueEmails, publicBase } from '../email/enqueue-email.ts';
import { readPublicSettings } from './public-product.ts';
import { PUBLIC_STATUS_SAY, publicStatusOf } from './public-status.ts';

type Asked = { id: string; submitterEmail: string | null };

/** Who asked for each item: its submitter, submitters of ideas merged into it, and its verified voters. */
export async function askersOf<T extends Asked>(tx: Tx, items: T[]): Promise<Map<string, T[]>> {
  const ids = items.map((i) => i.id);
  const [votes, merged] = await Promise.all([
    tx.vote.findMany({ where: { itemId: { in: ids }, verifiedAt: { not: null } }, select: { itemId: true, email: true } }),
    tx.submission.findMany({ where: { mergedIntoId: { in: ids } }, select: { mergedIntoId: true, email: true } }),
  ]);
  const byEmail = new Map<string, T[]>();
  const add = (email: string, item: T | undefined) => {
    if (!item) return;
    const list = byEmail.get(email) ?? [];
    if (!list.includes(item)) list.push(item);
    byEmail.set(email, list);
  };
  const byId = new Map(items.map((i) => [i.id, i]));
  for (const i of items) if (i.submitterEmail) add(i.submitterEmail, i);
  for (const s of merged) add(s.email, byId.get(s.mergedIntoId!));
  for (const v of votes) add(v.email, byId.get(v.itemId));
  return byEmail;
}

/**
 * Called in the transaction that changes an item's status (changeItemStatus): when its public status moves with
 * it (in progress, done, declined; see public-status.ts), the people who asked for the item hear about it.
 * `toldAlready`: addresses the caller writes to itself (a triage decision explains itself), so nobody gets two
 * emails for one change.
 */
export async function notifyStatusChange(
  deps: Pick<Deps, 'publicUrl'>,
  tx: Tx,
  itemId: string,
  before: ItemStatus,
  after: ItemStatus,
  toldAlready: string[] = [],
): Promise<void> {
  if (before === after) return;
  const { publicStatus } = await tx.item.findUniqueOrThrow({ where: { id: itemId }, select: { publicStatus: true } });
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
      submitterEmail: true,
      product: { select: { key: true, name: true, publicSettings: true } },
    },
  });
  const to = await askersOf(tx, [{ id: itemId, submitterEmail: item.submitterEmail }]);
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
