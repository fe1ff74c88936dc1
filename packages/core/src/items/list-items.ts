import { ListItemsInput, SearchItemsInput, type ItemPage } from '@baton/contracts';
import type { Prisma } from '@baton/db';
import { requireProductAccess } from '../access/product-access.ts';
import type { Ctx } from '../deps.ts';
import { itemSummarySelect, toItemSummary } from './item-select.ts';
import { itemWhereFromQuery } from './query/item-where.ts';
import { namesStates, parseQuery, resolveQueryStates } from './query/parse-query.ts';
import { afterCursor } from '../pagination.ts';
import { loadStates } from '../workflow-states/state-select.ts';

const SORTS: Record<string, Prisma.ItemOrderByWithRelationInput[]> = {
  'updated-desc': [{ updatedAt: 'desc' }],
  'created-desc': [{ createdAt: 'desc' }],
  'created-asc': [{ createdAt: 'asc' }],
  // enum order is declaration order (critical, high, medium, low): ascending puts the most urgent first
  'priority-desc': [{ priority: 'asc' }, { updatedAt: 'desc' }],
  'number-asc': [{ number: 'asc' }],
};

/** Filtered list with cursor pagination (cursor = last item id; `id` breaks ties so pages never overlap). */
export async function listItems(ctx: Ctx, raw: ListItemsInput): Promise<ItemPage> {
  const input = ListItemsInput.parse(raw);
  await requireProductAccess(ctx, input.productId, 'read');
  const where: Prisma.ItemWhereInput = {
    productId: input.productId,
    deletedAt: null,
    ...(input.type && { type: { in: input.type } }),
    ...(input.status && { status: { in: input.status } }),
    ...(input.priority && { priority: { in: input.priority } }),
    ...(input.visibility && { visibility: input.visibility }),
    ...(input.assigneeUserId !== undefined && { assigneeUserId: input.assigneeUserId }),
    ...(input.milestoneId !== undefined && { milestoneId: input.milestoneId }),
    ...(input.label?.length && { labels: { some: { label: { name: { in: input.label } } } } }),
    ...(input.text && {
      OR: [{ title: { contains: input.text, mode: 'insensitive' } }, { description: { contains: input.text, mode: 'insensitive' } }],
    }),
  };
  return pageOfItems(ctx, where, [...(SORTS[input.sort] ?? []), { id: 'desc' }], input.cursor, input.limit);
}

/** Search with the query language (`is:open label:bug priority:>=high ...`). */
export async function searchItems(ctx: Ctx, raw: SearchItemsInput): Promise<ItemPage> {
  const input = SearchItemsInput.parse(raw);
  const orderBy: Prisma.ItemOrderByWithRelationInput[] = [];
  const where = await searchWhere(ctx, input, orderBy);
  return pageOfItems(ctx, where, orderBy, input.cursor, input.limit);
}

/**
 * The rows a query finds in a product the caller may read (searchItems pages them, countItems counts them).
 * A typed key of this product (`BAT-5`, any case, a former key too) also finds that item by its number.
 */
export async function searchWhere(ctx: Ctx, input: { productId: string; query: string }, orderBy: Prisma.ItemOrderByWithRelationInput[] = []): Promise<Prisma.ItemWhereInput> {
  const { product } = await requireProductAccess(ctx, input.productId, 'read');
  const p = ctx.principal;
  // a state's name (`status:"In review"`) needs the product's states: read only then, so other searches cost nothing
  const typed = parseQuery(input.query);
  const parsed = namesStates(typed) ? resolveQueryStates(typed, await loadStates(ctx.db, product.id)) : typed;
  // former keys are read only when a typed word looks like another product key (rare: no extra query otherwise)
  const other = parsed.text.some((t) => /^[a-z][a-z0-9]{1,9}-\d+$/i.test(t) && !t.toUpperCase().startsWith(`${product.key}-`));
  const former = other ? ((await ctx.db.product.findUnique({ where: { id: product.id }, select: { formerKeys: true } }))?.formerKeys ?? []) : [];
  const built = itemWhereFromQuery(parsed, {
    ...(p.kind === 'user' ? { meUserId: p.userId } : { meAgentId: p.apiKeyId }),
    now: ctx.clock(),
    productKeys: [product.key, ...former],
  });
  orderBy.push(...built.orderBy);
  return { AND: [{ productId: product.id, deletedAt: null }, built.where] };
}

async function pageOfItems(
  ctx: Ctx,
  where: Prisma.ItemWhereInput,
  orderBy: Prisma.ItemOrderByWithRelationInput[],
  cursor: string | undefined,
  limit: number,
): Promise<ItemPage> {
  if (cursor) {
    // a cursor outside this filtered set (deleted meanwhile, or forged) restarts nothing and leaks nothing
    const ok = await ctx.db.item.findFirst({ where: { AND: [where, { id: cursor }] }, select: { id: true } });
    if (!ok) return { items: [], nextCursor: null };
  }
  // Two steps: the page's ids in order, then their fields and relations (joined) for just those rows. In one
  // query the joins would be computed for every matching row before the sort and LIMIT whenever no index
  // yields the order (sort:due, a text search), which made a page of 50 cost as much as the whole product.
  const page = await ctx.db.item.findMany({
    where,
    orderBy,
    take: limit + 1,
    ...afterCursor(cursor),
    select: { id: true },
  });
  const more = page.length > limit;
  const ids = page.slice(0, limit).map((r) => r.id);
  const rows = await ctx.db.item.findMany({ where: { id: { in: ids } }, select: itemSummarySelect });
  const byId = new Map(rows.map((r) => [r.id, r]));
  // an item deleted between the two reads is simply left out
  const items = ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toItemSummary(row)] : [];
  });
  return { items, nextCursor: more ? (items.at(-1)?.id ?? null) : null };
}
