import { formatItemKey, type DeliveryChange } from '@baton/contracts';
import { upsertPullRequestLink } from '../../agent/link-pull-request.ts';
import { writeTransaction } from '../../activity/record-activity.ts';
import { writeComment } from '../../items/comments.ts';
import { lockItem } from '../../items/locks.ts';
import { alreadyCommented, forgeActor, type EventContext, type EventOutcome } from './event-context.ts';
import type { CiResult } from './payloads.ts';

/** Long CI summaries are cut: the comment points at the run for the rest. */
const SUMMARY_MAX = 500;

/**
 * A finished check run, check suite, workflow run, status or pipeline: each PR it ran for that is linked to an item
 * (by PR URL, or by the head commit when the forge lists no PR, as for forks) keeps it as its latest check result,
 * which the item shows with the PR (a pr_updated event, so open views update live); a failure also comments on the
 * item, once, with the failure and a link to the run.
 */
export async function handleCiResult(ec: EventContext, event: string, result: CiResult): Promise<EventOutcome> {
  const links = await ec.deps.db.pullRequestLink.findMany({
    where: {
      OR: [...(result.prUrls.length ? [{ url: { in: result.prUrls } }] : []), { commitSha: result.headSha }],
      item: { productId: ec.product.id, deletedAt: null },
    },
    select: { itemId: true, url: true, number: true, item: { select: { number: true } } },
    orderBy: { createdAt: 'asc' },
  });
  const outcome = result.failed ? 'failed' : `finished (${result.conclusion.replace('_', ' ')})`;
  if (links.length === 0) return { httpStatus: 202, result: `${event} ${outcome} on no PR linked to a ${ec.product.key} item`, changes: [] };
  const changes: DeliveryChange[] = [];
  const summary = result.summary && result.summary.length > SUMMARY_MAX ? `${result.summary.slice(0, SUMMARY_MAX)}…` : result.summary;
  const actor = { principal: forgeActor(ec.forge) };
  for (const link of links) {
    const itemKey = formatItemKey(ec.product.key, link.item.number);
    const check = `${result.name} ${result.conclusion.replace('_', ' ')}`;
    // one comment per item and delivery, also when the item has several linked PRs in the run
    const comment = result.failed && !changes.some((c) => c.itemId === link.itemId && c.what === 'comment') && !alreadyCommented(ec, link.itemId);
    const pr = link.number ? `PR #${link.number}` : 'its PR';
    const body = [`CI failed on [${pr}](${link.url}): **${result.name}** (${result.conclusion.replace('_', ' ')}).`, summary, `Details: ${result.link}`].filter(Boolean).join('\n\n');
    const { changed } = await writeTransaction(ec.deps, async (tx, emit) => {
      await lockItem(tx, link.itemId);
      const fields = { checkName: result.name, checkConclusion: result.conclusion, checkUrl: result.link };
      const upserted = await upsertPullRequestLink(actor, tx, emit, { itemId: link.itemId, productId: ec.product.id, url: link.url, fields });
      if (comment) await writeComment(actor, tx, emit, { itemId: link.itemId, product: ec.product, body });
      return upserted;
    });
    if (changed.length) changes.push({ itemKey, itemId: link.itemId, what: 'link_updated', detail: `latest check on ${pr}: ${check}` });
    if (comment) changes.push({ itemKey, itemId: link.itemId, what: 'comment', detail: `commented: ${check}` });
  }
  return { httpStatus: 200, result: changes.map((c) => `${c.itemKey} ${c.detail}`).join('; ') || 'nothing changed', changes };
}
