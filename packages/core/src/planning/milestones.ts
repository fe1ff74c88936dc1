import { CreateMilestoneInput, ListPlansInput, PlanRef, UpdateMilestoneInput, type Milestone, type MilestonePage } from '@baton/contracts';
import type { Prisma } from '@baton/db';
import { requireProductAccess } from '../access/product-access.ts';
import type { Ctx, Tx } from '../deps.ts';
import { badField, notFound } from '../errors.ts';
import { progressOf } from './plan-progress.ts';
import { afterCursor, pageOf } from '../pagination.ts';

const select = {
  id: true,
  productId: true,
  name: true,
  description: true,
  targetDate: true,
  closedAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.MilestoneSelect;
type Row = Prisma.MilestoneGetPayload<{ select: typeof select }>;

async function withProgress(db: Pick<Tx, 'item'>, rows: Row[]): Promise<Milestone[]> {
  const progress = await progressOf(db, 'milestoneId', rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, progress: progress.get(r.id)! }));
}

/** The unique (product, name) index answers a taken name; say which field, not "conflict". */
function nameTaken(e: unknown, name: string): never {
  if ((e as { code?: unknown })?.code === 'P2002') throw badField('name', `"${name}" is already used by another milestone`);
  throw e;
}

export async function createMilestone(ctx: Ctx, raw: CreateMilestoneInput): Promise<Milestone> {
  const input = CreateMilestoneInput.parse(raw);
  await requireProductAccess(ctx, input.productId, 'configure');
  const row = await ctx.db.milestone
    .create({ data: { productId: input.productId, name: input.name, description: input.description, targetDate: input.targetDate ?? null }, select })
    .catch((e: unknown) => nameTaken(e, input.name));
  return (await withProgress(ctx.db, [row]))[0]!;
}

/** Edits, closes (`closed: true`) or reopens a milestone. */
export async function updateMilestone(ctx: Ctx, raw: UpdateMilestoneInput): Promise<Milestone> {
  const input = UpdateMilestoneInput.parse(raw);
  await requireProductAccess(ctx, input.productId, 'configure');
  const { closed, ...fields } = input.patch;
  const current = await ctx.db.milestone.findFirst({ where: { id: input.id, productId: input.productId }, select: { closedAt: true } });
  if (!current) throw notFound('Milestone');
  // closing twice keeps the first close date
  const closedAt = closed === undefined ? undefined : closed ? (current.closedAt ?? ctx.clock()) : null;
  const row = await ctx.db.milestone
    .update({ where: { id: input.id }, data: { ...fields, ...(closedAt !== undefined && { closedAt }) }, select })
    .catch((e: unknown) => nameTaken(e, fields.name ?? ''));
  return (await withProgress(ctx.db, [row]))[0]!;
}

export async function getMilestone(ctx: Ctx, raw: PlanRef): Promise<Milestone> {
  const input = PlanRef.parse(raw);
  await requireProductAccess(ctx, input.productId, 'read');
  const row = await ctx.db.milestone.findFirst({ where: { id: input.id, productId: input.productId }, select });
  if (!row) throw notFound('Milestone');
  return (await withProgress(ctx.db, [row]))[0]!;
}

/** Open milestones, closed ones, or all; newest first. */
export async function listMilestones(ctx: Ctx, raw: ListPlansInput): Promise<MilestonePage> {
  const input = ListPlansInput.parse(raw);
  await requireProductAccess(ctx, input.productId, 'read');
  const where: Prisma.MilestoneWhereInput = {
    productId: input.productId,
    ...(input.state === 'open' && { closedAt: null }),
    ...(input.state === 'closed' && { closedAt: { not: null } }),
  };
  if (input.cursor && !(await ctx.db.milestone.findFirst({ where: { ...where, id: input.cursor }, select: { id: true } }))) {
    return { items: [], nextCursor: null };
  }
  const rows = await ctx.db.milestone.findMany({
    where,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: input.limit + 1,
    ...afterCursor(input.cursor),
    select,
  });
  const page = pageOf(rows, input.limit);
  return { items: await withProgress(ctx.db, page.rows), nextCursor: page.nextCursor };
}
