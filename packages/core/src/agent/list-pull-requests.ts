import type { ItemRef, PullRequest } from '@baton/contracts';
import type { Ctx } from '../deps.ts';
import { resolveItem } from '../items/resolve-item.ts';
import { pullRequestSelect, toPullRequest } from './pull-request-select.ts';

/** Pull requests linked to an item, first linked first. */
export async function listPullRequests(ctx: Ctx, ref: ItemRef): Promise<PullRequest[]> {
  const { id } = await resolveItem(ctx, ref, 'read');
  const rows = await ctx.db.pullRequestLink.findMany({
    where: { itemId: id },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: 200,
    select: pullRequestSelect,
  });
  return rows.map(toPullRequest);
}
