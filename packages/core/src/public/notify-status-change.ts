import type { ItemStatus } from '@baton/contracts';
import type { Deps, Tx } from '../deps.ts';
import { enqueueEmails, publicBase } from '../email/enqueue-email.ts';
import { readPublicSettings, toPublicStatus } from './public-product.ts';

const SAY: Record<string, string> = { planned: 'is planned', in_progress: 'is now in progress', done: 'is done', closed: 'was closed' };

/**
 * Called in the transaction that changes an item's status: when the public status moves (planned, in progress,
 * done, closed), the people who asked for the item hear about it: its submitter, submitters of ideas merged
 * into it, and its verified voters. Internal items nobody asked for send nothing.
 */
export async function notifyStatusChange(
  deps: Pick<Deps, 'publicUrl'>,
  tx: Tx,
  itemId: string,
  before: ItemStatus,
  after: ItemStatus,
): Promise<void> {
  const status = toPublicStatus(after);
  if (toPublicStatus(before) === status) return;
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
  const [votes, merged] = await Promise.all([
    tx.vote.findMany({ where: { itemId, verifiedAt: { not: null } }, select: { email: true } }),
    tx.submission.findMany({ where: { mergedIntoId: itemId }, select: { email: true } }),
  ]);
  const to = new Set([...(item.submitterEmail ? [item.submitterEmail] : []), ...merged.map((m) => m.email), ...votes.map((v) => v.email)]);
  if (!to.size) return;
  const key = `${item.product.key}-${item.number}`;
  const visible = item.visibility === 'public' && readPublicSettings(item.product.publicSettings).enabled;
  await enqueueEmails(
    deps,
    tx,
    [...to].map((email) => ({
      to: email,
      kind: 'status_changed' as const,
      subject: `${item.title} ${SAY[status]}`,
      text: [
        `"${item.title}" (${key}) on the ${item.product.name} roadmap ${SAY[status]}.`,
        ...(visible ? ['', `See it: ${publicBase(deps)}/roadmap/${item.product.key}/${item.number}`] : []),
      ].join('\n'),
    })),
  );
}
