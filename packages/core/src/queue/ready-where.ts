import type { ItemStatus, ReadyFilter } from '@baton/contracts';
import type { Prisma } from '@baton/db';
import type { Principal } from '../deps.ts';
import { itemWhereFromQuery } from '../items/query/item-where.ts';
import { parseQuery } from '../items/query/parse-query.ts';

/** A blocker stops blocking once it is done or closed (won't-fix still blocks: the dependency was never met). */
export const BLOCKER_CLEARED: readonly ItemStatus[] = ['done', 'closed'];

/** Incoming `blocks` links from live items that are not cleared yet. */
export const openBlockerLink = {
  type: 'blocks',
  fromItem: { deletedAt: null, status: { notIn: [...BLOCKER_CLEARED] } },
} satisfies Prisma.ItemLinkWhereInput;

/**
 * The queue order: most urgent first (Postgres orders the enum by declaration, critical..low), then oldest;
 * `id` makes it total for keyset pagination. A `sort:` in the query does not change it.
 */
export const READY_ORDER = [{ priority: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }] satisfies Prisma.ItemOrderByWithRelationInput[];

/**
 * Ready = open, not deleted, no live lease, no open blocker; then the filters (ANDed; a list matches any of
 * its values) and the query language on top.
 */
export function readyWhere(p: Principal, filter: ReadyFilter, now: Date): Prisma.ItemWhereInput {
  const and: Prisma.ItemWhereInput[] = [
    { productId: filter.productId, deletedAt: null, status: 'open' },
    { claims: { none: { endedAt: null, leaseExpiresAt: { gt: now } } } },
    { linksTo: { none: openBlockerLink } },
  ];
  if (filter.label?.length) and.push({ labels: { some: { label: { name: { in: filter.label } } } } });
  if (filter.type?.length) and.push({ type: { in: filter.type } });
  if (filter.priority?.length) and.push({ priority: { in: filter.priority } });
  if (filter.milestoneId) and.push({ milestoneId: filter.milestoneId });
  if (filter.query?.trim()) {
    const me = p.kind === 'user' ? { meUserId: p.userId } : { meAgentId: p.apiKeyId };
    and.push(itemWhereFromQuery(parseQuery(filter.query), { ...me, now }).where);
  }
  return { AND: and };
}
