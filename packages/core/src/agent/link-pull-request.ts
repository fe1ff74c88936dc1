import { LinkPrInput, type PullRequest } from '@baton/contracts';
import type { z } from 'zod';
import { recordActivity, writeTransaction, type ActivityActor } from '../activity/record-activity.ts';
import { assertLeaseHolder } from '../claims/assert-lease-holder.ts';
import type { Ctx, Tx } from '../deps.ts';
import type { ItemEvent } from '../events/bus.ts';
import { resolveItem } from '../items/resolve-item.ts';
import { pullRequestSelect, toPullRequest } from './pull-request-select.ts';

/** what an agent (or a PR event) says about a PR; the check fields come from CI events only */
const LINK_FIELDS = ['number', 'title', 'status', 'branch', 'commitSha'] as const;
const FIELDS = [...LINK_FIELDS, 'checkName', 'checkConclusion', 'checkUrl'] as const;
export type PullRequestFields = Partial<{ number: number; title: string; status: string; branch: string; commitSha: string; checkName: string; checkConclusion: string; checkUrl: string | null }>;

/**
 * Links a pull request to an item, or updates the link to the same URL: fields left out keep their stored value
 * (a new link starts open). Records pr_linked or pr_updated; an unchanged link records nothing.
 */
export async function linkPullRequest(ctx: Ctx, raw: z.input<typeof LinkPrInput>): Promise<PullRequest> {
  const input = LinkPrInput.parse(raw);
  const { id, access } = await resolveItem(ctx, input, 'write');
  return writeTransaction(ctx, async (tx, emit) => {
    await assertLeaseHolder(ctx, tx, id, input.fencingToken);
    const given = Object.fromEntries(LINK_FIELDS.filter((f) => input[f] !== undefined).map((f) => [f, input[f]]));
    const { link } = await upsertPullRequestLink(ctx, tx, emit, { itemId: id, productId: access.product.id, url: input.url, fields: given });
    return link;
  });
}

/**
 * The link write itself, for every edge that links (the agent API above, GitHub deliveries): the caller has
 * checked access and locked the item row, so no racing link to the same URL slips in between.
 */
export async function upsertPullRequestLink(
  ctx: { principal: ActivityActor },
  tx: Tx,
  emit: (events: ItemEvent[]) => void,
  input: { itemId: string; productId: string; url: string; fields: PullRequestFields },
): Promise<{ link: PullRequest; created: boolean; changed: string[] }> {
  const { itemId: id, url, fields: given } = input;
  const where = { itemId_url: { itemId: id, url } };
  const before = await tx.pullRequestLink.findUnique({ where, select: pullRequestSelect });
  const changed = before ? FIELDS.filter((f) => f in given && given[f] !== before[f]) : FIELDS.filter((f) => f in given);
  if (before && changed.length === 0) return { link: toPullRequest(before), created: false, changed: [] };
  const row = before
    ? await tx.pullRequestLink.update({ where, data: given, select: pullRequestSelect })
    : await tx.pullRequestLink.create({ data: { itemId: id, url, ...given, claimId: await liveClaimId(tx, id) }, select: pullRequestSelect });
  emit(
    await recordActivity(ctx, tx, [
      {
        productId: input.productId,
        itemId: id,
        action: before ? 'pr_updated' : 'pr_linked',
        field: 'pullRequest',
        ...(before && { before: { url: before.url, ...Object.fromEntries(changed.map((f) => [f, before[f]])) } }),
        after: { url: row.url, ...Object.fromEntries(changed.map((f) => [f, row[f]])) },
      },
    ]),
  );
  return { link: toPullRequest(row), created: !before, changed };
}

/** A PR first linked while the item is claimed belongs to that attempt, whoever links it (the agent, a GitHub delivery). */
async function liveClaimId(tx: Tx, itemId: string): Promise<string | null> {
  const claim = await tx.claim.findFirst({ where: { itemId, endedAt: null }, select: { id: true } });
  return claim?.id ?? null;
}
