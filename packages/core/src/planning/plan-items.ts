import { formatItemKey, PlanItemsInput, VelocityInput, type PlanItemPage, type VelocityPoint } from '@baton/contracts';
import type { Prisma } from '@baton/db';
import { requireProductAccess } from '../access/product-access.ts';
import type { Ctx } from '../deps.ts';
import { notFound } from '../errors.ts';
import { afterCursor, pageOf } from '../pagination.ts';

const select = {
  id: true,
  number: true,
  title: true,
  type: true,
  status: true,
  priority: true,
  estimate: true,
  version: true,
  product: { select: { key: true } },
  assigneeUser: { select: { id: true, name: true } },
  assigneeAgent: { select: { id: true, name: true } },
} satisfies Prisma.ItemSelect;

/**
 * A sprint's items, or the backlog (unfinished items in no sprint), most urgent first: what a PM plans from.
 * Paged by cursor like every list.
 */
export async function listPlanItems(ctx: Ctx, raw: PlanItemsInput): Promise<PlanItemPage> {
  const input = PlanItemsInput.parse(raw);
  await requireProductAccess(ctx, input.productId, 'read');
  if (input.sprintId && !(await ctx.db.sprint.findFirst({ where: { id: input.sprintId, productId: input.productId }, select: { id: true } }))) {
    throw notFound('Sprint');
  }
  const where: Prisma.ItemWhereInput = input.sprintId
    ? { productId: input.productId, deletedAt: null, sprintId: input.sprintId }
    : { productId: input.productId, deletedAt: null, sprintId: null, status: { in: ['open', 'in_progress'] } };
  if (input.cursor && !(await ctx.db.item.findFirst({ where: { AND: [where, { id: input.cursor }] }, select: { id: true } }))) {
    return { items: [], nextCursor: null };
  }
  const rows = await ctx.db.item.findMany({
    where,
    // enum order is declaration order (critical first)
    orderBy: [{ priority: 'asc' }, { number: 'asc' }, { id: 'asc' }],
    take: input.limit + 1,
    ...afterCursor(input.cursor),
    select,
  });
  const page = pageOf(rows, input.limit);
  return {
    items: page.rows.map((r) => ({
      id: r.id,
      key: formatItemKey(r.product.key, r.number),
      title: r.title,
      type: r.type,
      status: r.status,
      priority: r.priority,
      estimate: r.estimate,
      version: r.version,
      assignee: r.assigneeUser
        ? { kind: 'user', id: r.assigneeUser.id, name: r.assigneeUser.name }
        : r.assigneeAgent
          ? { kind: 'agent', id: r.assigneeAgent.id, name: r.assigneeAgent.name }
          : null,
    })),
    nextCursor: page.nextCursor,
  };
}

/** Committed and completed points of the last `limit` closed sprints, oldest first (a chart reads left to right). */
export async function sprintVelocity(ctx: Ctx, raw: VelocityInput): Promise<VelocityPoint[]> {
  const input = VelocityInput.parse(raw);
  await requireProductAccess(ctx, input.productId, 'read');
  const rows = await ctx.db.sprint.findMany({
    where: { productId: input.productId, closedAt: { not: null } },
    orderBy: [{ closedAt: 'desc' }, { id: 'desc' }],
    take: input.limit,
    select: { id: true, name: true, closedAt: true, committedPoints: true, completedPoints: true },
  });
  return rows.reverse().map((r) => ({
    sprintId: r.id,
    name: r.name,
    closedAt: r.closedAt!,
    committedPoints: r.committedPoints ?? 0,
    completedPoints: r.completedPoints ?? 0,
  }));
}
