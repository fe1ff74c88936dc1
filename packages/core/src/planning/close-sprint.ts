import { CloseSprintInput, RollOver, type CloseSprintResult } from '@baton/contracts';
import type { z } from 'zod';
import { requireProductAccess } from '../access/product-access.ts';
import { recordActivity, writeTransaction } from '../activity/record-activity.ts';
import type { Ctx, Tx } from '../deps.ts';
import { badField, DomainError, notFound } from '../errors.ts';
import { progressOf } from './plan-progress.ts';
import { sprintSelect, toSprints } from './sprint-select.ts';

const UNFINISHED = ['open', 'in_progress'] as const;

/**
 * Closes a sprint and rolls its unfinished items into the next sprint (an open one, or one created here) or back
 * to the backlog, all in one transaction. The close is a conditional write on `closedAt IS NULL`, so of two
 * racing closes exactly one wins; the loser gets CONFLICT and its rollover (and any sprint it created) is undone.
 * The sprint's committed and completed points are recorded at close: they are its velocity from then on.
 */
export async function closeSprint(ctx: Ctx, raw: CloseSprintInput): Promise<CloseSprintResult> {
  const input = CloseSprintInput.parse(raw);
  const { product } = await requireProductAccess(ctx, input.productId, 'configure');
  return writeTransaction(ctx, async (tx, emit) => {
    const sprint = await tx.sprint.findFirst({ where: { id: input.id, productId: product.id }, select: { id: true } });
    if (!sprint) throw notFound('Sprint');
    const now = ctx.clock();
    const { count } = await tx.sprint.updateMany({ where: { id: sprint.id, closedAt: null }, data: { closedAt: now } });
    if (count === 0) throw new DomainError('CONFLICT', 'This sprint is already closed');

    const nextId = await rollOverTarget(tx, product.id, sprint.id, input.rollOver);
    // committed: every estimated item in the sprint except won't-fix; completed: the done and closed ones
    const points = (await progressOf(tx, 'sprintId', [sprint.id])).get(sprint.id)!;
    await tx.sprint.update({ where: { id: sprint.id }, data: { committedPoints: points.totalPoints, completedPoints: points.donePoints } });

    const unfinished = await tx.item.findMany({
      where: { sprintId: sprint.id, deletedAt: null, status: { in: [...UNFINISHED] } },
      select: { id: true },
    });
    const ids = unfinished.map((i) => i.id);
    if (ids.length) {
      await tx.item.updateMany({ where: { id: { in: ids } }, data: { sprintId: nextId, version: { increment: 1 } } });
      emit(
        await recordActivity(
          ctx,
          tx,
          ids.map((itemId) => ({ productId: product.id, itemId, action: 'updated', field: 'sprintId', before: sprint.id, after: nextId })),
        ),
      );
    }
    const rows = await tx.sprint.findMany({ where: { id: { in: [sprint.id, ...(nextId ? [nextId] : [])] } }, select: sprintSelect });
    const sprints = await toSprints(tx, rows);
    return { closed: sprints.find((s) => s.id === sprint.id)!, next: sprints.find((s) => s.id === nextId) ?? null, moved: ids.length };
  });
}

async function rollOverTarget(tx: Tx, productId: string, closingId: string, r: z.infer<typeof RollOver>): Promise<string | null> {
  if (r.to === 'backlog') return null;
  if (r.to === 'new') {
    const created = await tx.sprint.create({ data: { productId, ...r.sprint, capacity: r.sprint.capacity ?? null }, select: { id: true } });
    return created.id;
  }
  if (r.sprintId === closingId) throw badField('sprintId', 'is the sprint being closed');
  const target = await tx.sprint.findFirst({ where: { id: r.sprintId, productId }, select: { closedAt: true } });
  if (!target) throw badField('sprintId', 'is not a sprint of this product');
  if (target.closedAt) throw badField('sprintId', 'is a closed sprint');
  return r.sprintId;
}
