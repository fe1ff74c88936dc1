import { branchName, formatItemKey, type DeliveryChange, type ItemStatus } from '@baton/contracts';
import { upsertPullRequestLink, type PullRequestFields } from '../../agent/link-pull-request.ts';
import { writeTransaction } from '../../activity/record-activity.ts';
import { DomainError } from '../../errors.ts';
import { changeItemStatus } from '../../items/change-status.ts';
import { writeComment } from '../../items/comments.ts';
import { lockItem } from '../../items/locks.ts';
import { alreadyCommented, forgeActor, prText, type EventContext, type EventOutcome } from './event-context.ts';
import type { PullRequestEvent } from './forge-event.ts';
import { pullRequestRefs, type RefVia } from './pr-refs.ts';
import { recordProblem } from './problems.ts';

const MAX_ITEMS_PER_PR = 20;
const OPEN_ACTIONS = ['opened', 'reopened', 'edited', 'synchronize', 'ready_for_review', 'converted_to_draft'];
/** Statuses past the work: a PR that names such an item by branch or title is linked to the wrong one. */
const FINISHED: ItemStatus[] = ['done', 'closed', 'wont_fix'];

type Item = { id: string; number: number; status: ItemStatus; type: string; title: string };

/**
 * A pull request event: links every item the PR names (pr-refs.ts), moves the ones it closes (the product's
 * mapping, through changeItemStatus), and on close says what happened in a comment. Out of order is safe: an
 * `opened` arriving after `closed` never reopens the stored link nor moves the item back.
 */
export async function handlePullRequest(ec: EventContext, payload: PullRequestEvent): Promise<EventOutcome> {
  const { action, pull_request: pr } = payload;
  if (!OPEN_ACTIONS.includes(action) && action !== 'closed') return { httpStatus: 202, result: `pull_request.${action} is not acted on`, changes: [] };
  const named = pullRequestRefs({ branch: pr.head.ref, title: pr.title, body: pr.body }, [ec.product.key, ...ec.product.formerKeys]);
  // a bounded number of items per PR keeps a delivery well inside GitHub's 10 s (the rest are logged as skipped)
  const all = [...named.closes.keys(), ...named.refs];
  const numbers = all.slice(0, MAX_ITEMS_PER_PR);
  if (numbers.length === 0) return { httpStatus: 202, result: `PR #${pr.number} names no ${ec.product.key} item`, changes: [] };
  const items = await ec.deps.db.item.findMany({
    where: { productId: ec.product.id, number: { in: numbers }, deletedAt: null },
    select: { id: true, number: true, status: true, type: true, title: true },
  });
  const changes: DeliveryChange[] = all
    .slice(MAX_ITEMS_PER_PR)
    .map((n) => ({ itemKey: formatItemKey(ec.product.key, n), itemId: null, what: 'skipped', detail: `not read: a PR acts on at most ${MAX_ITEMS_PER_PR} items` }));
  for (const number of numbers) {
    const item = items.find((i) => i.number === number);
    const via = named.closes.get(number) ?? null;
    const key = formatItemKey(ec.product.key, number);
    if (!item) {
      if (via) changes.push(await recordProblem(ec, payload, key, 'missing_item', `PR #${pr.number} names ${key}, which does not exist`));
      continue;
    }
    changes.push(...(await handleItem(ec, payload, item, key, via)));
  }
  const result = changes.length ? changes.map((c) => `${c.itemKey} ${c.detail}`).join('; ') : 'nothing changed';
  return { httpStatus: 200, result, changes };
}

async function handleItem(ec: EventContext, payload: PullRequestEvent, item: Item, key: string, via: RefVia[] | null): Promise<DeliveryChange[]> {
  const { action, pull_request: pr } = payload;
  const change = (what: DeliveryChange['what'], detail: string): DeliveryChange => ({ itemKey: key, itemId: item.id, what, detail });
  const existing = await ec.deps.db.pullRequestLink.findUnique({ where: { itemId_url: { itemId: item.id, url: pr.html_url } }, select: { status: true } });
  const opening = OPEN_ACTIONS.includes(action);
  if (opening && via && !existing && FINISHED.includes(item.status)) {
    return [await recordProblem(ec, payload, key, 'closed_item', `PR #${pr.number} names ${key}, which is already ${item.status.replace('_', ' ')}`)];
  }
  const merged = action === 'closed' && !!pr.merged;
  const finished = existing?.status === 'merged' || (existing?.status === 'closed' && action !== 'reopened');
  const status = action === 'closed' ? (merged ? 'merged' : 'closed') : finished ? undefined : pr.draft ? 'draft' : 'open';
  const fields: PullRequestFields = {
    number: pr.number,
    title: pr.title.slice(0, 200),
    branch: pr.head.ref.slice(0, 255),
    commitSha: (merged && pr.merge_commit_sha) || pr.head.sha,
    ...(status && { status }),
  };
  const changes: DeliveryChange[] = [];
  const link = await writeTransaction(ec.deps, async (tx, emit) => {
    await lockItem(tx, item.id);
    return upsertPullRequestLink({ principal: forgeActor(ec.forge) }, tx, emit, { itemId: item.id, productId: ec.product.id, url: pr.html_url, fields });
  });
  const how = via ? describeVia(via, item, ec.product.key, pr.head.ref) : 'link-only words';
  if (link.created) changes.push(change('linked', `linked to PR #${pr.number} (${how})`));
  else if (link.changed.length) changes.push(change('link_updated', `PR #${pr.number} link updated (${link.changed.join(', ')})`));
  if (!via) return changes;

  if (opening && !finished && item.status === 'open' && ec.settings.statusMapping.opened) {
    changes.push(await move(ec, item, key, ec.settings.statusMapping.opened, `${prText(pr)} ${action}`));
  }
  if (action !== 'closed') return changes;
  const base = pr.base.ref;
  const release = base === payload.repository.default_branch || ec.settings.releaseBranches.includes(base);
  let comment: string;
  if (merged && release && ec.settings.statusMapping.merged) {
    const moved = await move(ec, item, key, ec.settings.statusMapping.merged, `${prText(pr)} merged into ${base}`);
    changes.push(moved);
    comment = `${prText(pr)} was merged into \`${base}\`: ${moved.what === 'status' ? moved.detail : `status kept (${moved.detail})`}.`;
  } else if (merged) {
    comment = `${prText(pr)} was merged into \`${base}\`, ${release ? 'and this product moves nothing on merge' : 'which is not a release branch'}: status kept.`;
  } else {
    comment = `${prText(pr)} was closed without merging: status kept.`;
  }
  if (!alreadyCommented(ec, item.id)) {
    await writeTransaction(ec.deps, (tx, emit) =>
      writeComment({ principal: forgeActor(ec.forge) }, tx, emit, { itemId: item.id, product: ec.product, body: comment }),
    );
    changes.push(change('comment', 'commented'));
  }
  return changes;
}

/** One status move through the one rule; a move the transition table refuses is logged as skipped, not failed. */
async function move(ec: EventContext, item: Item, key: string, to: ItemStatus, reason: string): Promise<DeliveryChange> {
  try {
    const outcome = await writeTransaction(ec.deps, (tx, emit) =>
      changeItemStatus({ ...ec.deps, principal: forgeActor(ec.forge) }, tx, emit, { itemId: item.id, productId: ec.product.id, to, reason }),
    );
    if (!outcome.changed) return { itemKey: key, itemId: item.id, what: 'skipped', detail: `already ${to.replace('_', ' ')}` };
    return { itemKey: key, itemId: item.id, what: 'status', detail: `moved from ${outcome.from.replace('_', ' ')} to ${to.replace('_', ' ')}` };
  } catch (e) {
    if (e instanceof DomainError) return { itemKey: key, itemId: item.id, what: 'skipped', detail: `not moved to ${to.replace('_', ' ')}: ${e.message}` };
    throw e;
  }
}

/** How the PR named the item, for the log; "the branch Baton issued" when the branch is the suggested one exactly. */
function describeVia(via: RefVia[], item: Item, productKey: string, branch: string): string {
  const issued = branchName({ key: formatItemKey(productKey, item.number), number: item.number, type: item.type, title: item.title });
  return via.map((v) => (v === 'branch' ? (issued === branch ? 'the branch Baton issued' : 'the key in the branch') : v === 'title' ? 'the key in the title' : 'closing words')).join(', ');
}
