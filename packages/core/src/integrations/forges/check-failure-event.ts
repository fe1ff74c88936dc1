import { formatItemKey, type DeliveryChange } from '@baton/contracts';
import { writeTransaction } from '../../activity/record-activity.ts';
import { writeComment } from '../../items/comments.ts';
import { alreadyCommented, forgeActor, type EventContext, type EventOutcome } from './event-context.ts';
import type { CiFailure } from './payloads.ts';

/** Long CI summaries are cut: the comment points at the run for the rest. */
const SUMMARY_MAX = 500;

/**
 * A failed check run, check suite or workflow run: each item linked to one of its PRs (by PR URL, or by the head
 * commit when GitHub lists no PR, as for forks) gets a comment with the failure and a link to the run.
 */
export async function handleCiFailure(ec: EventContext, event: string, failure: CiFailure): Promise<EventOutcome> {
  const links = await ec.deps.db.pullRequestLink.findMany({
    where: {
      OR: [...(failure.prUrls.length ? [{ url: { in: failure.prUrls } }] : []), { commitSha: failure.headSha }],
      item: { productId: ec.product.id, deletedAt: null },
    },
    select: { itemId: true, url: true, number: true, item: { select: { number: true } } },
    orderBy: { createdAt: 'asc' },
  });
  if (links.length === 0) return { httpStatus: 202, result: `${event} failed on no PR linked to a ${ec.product.key} item`, changes: [] };
  const changes: DeliveryChange[] = [];
  const summary = failure.summary && failure.summary.length > SUMMARY_MAX ? `${failure.summary.slice(0, SUMMARY_MAX)}…` : failure.summary;
  for (const link of links) {
    const itemKey = formatItemKey(ec.product.key, link.item.number);
    // one comment per item and delivery, also when the item has several linked PRs in the run
    if (changes.some((c) => c.itemId === link.itemId) || alreadyCommented(ec, link.itemId)) continue;
    const pr = link.number ? `PR #${link.number}` : 'its PR';
    const body = [`CI failed on [${pr}](${link.url}): **${failure.name}** (${failure.conclusion.replace('_', ' ')}).`, summary, `Details: ${failure.link}`]
      .filter(Boolean)
      .join('\n\n');
    await writeTransaction(ec.deps, (tx, emit) => writeComment({ principal: forgeActor(ec.forge) }, tx, emit, { itemId: link.itemId, product: ec.product, body }));
    changes.push({ itemKey, itemId: link.itemId, what: 'comment', detail: `commented: ${failure.name} ${failure.conclusion.replace('_', ' ')}` });
  }
  return { httpStatus: 200, result: changes.map((c) => `${c.itemKey} ${c.detail}`).join('; ') || 'nothing changed', changes };
}
