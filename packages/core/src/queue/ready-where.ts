import type { ItemStatus, ReadyFilter } from '@baton/contracts';
import type { Prisma } from '@baton/db';
import type { Principal } from '../deps.ts';
import { itemWhereFromQuery } from '../items/query/item-where.ts';
import { parseQuery, resolveQueryStates } from '../items/query/parse-query.ts';

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

/** Whom an item is offered to: anyone while nobody is assigned; once a person (or an agent) is, only them. */
export function offeredTo(p: Principal): Prisma.ItemWhereInput {
  const mine = p.kind === 'user' ? { assigneeUserId: p.userId } : { assigneeAgentId: p.apiKeyId };
  return { OR: [{ assigneeUserId: null, assigneeAgentId: null }, mine] };
}

/**
 * The ready rule, by condition, for `p` at `now`: open and not deleted, no live lease, no open blocker, and offered
 * to the caller: an item a PM assigned to someone is in their queue only, and in others' only when they ask with
 * `includeAssigned` (claiming it then keeps that assignment). The queue (ready, takeNext, and takeNext again under
 * the row lock) requires every condition; explain reports each one that fails. Named so both read the same rule.
 */
export function readyConditions(p: Principal, now: Date, opts: { includeAssigned?: boolean | undefined } = {}) {
  return {
    open: { deletedAt: null, status: 'open' },
    unclaimed: { claims: { none: { endedAt: null, leaseExpiresAt: { gt: now } } } },
    unblocked: { linksTo: { none: openBlockerLink } },
    offered: opts.includeAssigned ? {} : offeredTo(p),
  } satisfies Record<string, Prisma.ItemWhereInput>;
}

/** The ready conditions for the product; then the filters (ANDed; a list matches any of its values) and the query language on top. */
export function readyWhere(p: Principal, filter: ReadyFilter, now: Date): Prisma.ItemWhereInput {
  const and: Prisma.ItemWhereInput[] = [{ productId: filter.productId }, ...Object.values(readyConditions(p, now, filter))];
  if (filter.label?.length) and.push({ labels: { some: { label: { name: { in: filter.label } } } } });
  if (filter.type?.length) and.push({ type: { in: filter.type } });
  if (filter.priority?.length) and.push({ priority: { in: filter.priority } });
  if (filter.milestoneId) and.push({ milestoneId: filter.milestoneId });
  if (filter.query?.trim()) {
    const me = p.kind === 'user' ? { meUserId: p.userId } : { meAgentId: p.apiKeyId };
    // the ready queue is the open category: a query names statuses there, not a product's states
    and.push(itemWhereFromQuery(resolveQueryStates(parseQuery(filter.query), []), { ...me, now }).where);
  }
  return { AND: and };
}
