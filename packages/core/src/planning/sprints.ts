import { CreateSprintInput, ListPlansInput, PlanRef, UpdateSprintInput, type Sprint, type SprintPage } from '@baton/contracts';
import type { Prisma } from '@baton/db';
import { requireProductAccess } from '../access/product-access.ts';
import type { Ctx } from '../deps.ts';
import { badField, notFound } from '../errors.ts';
import { sprintSelect, toSprints } from './sprint-select.ts';
import { afterCursor, pageOf } from '../pagination.ts';

export async function createSprint(ctx: Ctx, raw: CreateSprintInput): Promise<Sprint> {
  const input = CreateSprintInput.parse(raw);
  await requireProductAccess(ctx, input.productId, 'configure');
  const row = await ctx.db.sprint.create({ data: { ...input, capacity: input.capacity ?? null }, select: sprintSelect });
  return (await toSprints(ctx.db, [row]))[0]!;
}

/** Edits name, goal, dates or capacity; a closed sprint is history and stays as it was. */
export async function updateSprint(ctx: Ctx, raw: UpdateSprintInput): Promise<Sprint> {
  const input = UpdateSprintInput.parse(raw);
  await requireProductAccess(ctx, input.productId, 'configure');
  const current = await ctx.db.sprint.findFirst({ where: { id: input.id, productId: input.productId }, select: { startsAt: true, endsAt: true, closedAt: true } });
  if (!current) throw notFound('Sprint');
  if (current.closedAt) throw badField('id', 'is a closed sprint; closed sprints cannot be edited');
  // one date may change alone: check it against the stored other one
  const startsAt = input.patch.startsAt ?? current.startsAt;
  const endsAt = input.patch.endsAt ?? current.endsAt;
  if (endsAt <= startsAt) throw badField(input.patch.endsAt ? 'endsAt' : 'startsAt', input.patch.endsAt ? 'must be after the start date' : 'must be before the end date');
  const row = await ctx.db.sprint.update({ where: { id: input.id }, data: input.patch, select: sprintSelect });
  return (await toSprints(ctx.db, [row]))[0]!;
}

export async function getSprint(ctx: Ctx, raw: PlanRef): Promise<Sprint> {
  const input = PlanRef.parse(raw);
  await requireProductAccess(ctx, input.productId, 'read');
  const row = await ctx.db.sprint.findFirst({ where: { id: input.id, productId: input.productId }, select: sprintSelect });
  if (!row) throw notFound('Sprint');
  return (await toSprints(ctx.db, [row]))[0]!;
}

/** Sprints by start date: open ones soonest first (what is next), closed and all most recent first. */
export async function listSprints(ctx: Ctx, raw: ListPlansInput): Promise<SprintPage> {
  const input = ListPlansInput.parse(raw);
  await requireProductAccess(ctx, input.productId, 'read');
  const where: Prisma.SprintWhereInput = {
    productId: input.productId,
    ...(input.state === 'open' && { closedAt: null }),
    ...(input.state === 'closed' && { closedAt: { not: null } }),
  };
  if (input.cursor && !(await ctx.db.sprint.findFirst({ where: { ...where, id: input.cursor }, select: { id: true } }))) {
    return { items: [], nextCursor: null };
  }
  const dir = input.state === 'open' ? 'asc' : 'desc';
  const rows = await ctx.db.sprint.findMany({
    where,
    orderBy: [{ startsAt: dir }, { id: dir }],
    take: input.limit + 1,
    ...afterCursor(input.cursor),
    select: sprintSelect,
  });
  const page = pageOf(rows, input.limit);
  return { items: await toSprints(ctx.db, page.rows), nextCursor: page.nextCursor };
}
