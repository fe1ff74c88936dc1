import { AddTimeEntryInput, type ItemRef, type TimeEntry } from '@baton/contracts';
import { personOf } from '../access/person.ts';
import { recordActivity, writeTransaction } from '../activity/record-activity.ts';
import type { Ctx } from '../deps.ts';
import { DomainError, notFound } from '../errors.ts';
import { resolveItem } from '../items/resolve-item.ts';
import { afterCursor, pageOf } from '../pagination.ts';

const select = { id: true, minutes: true, note: true, createdAt: true, user: { select: { id: true, name: true } } } as const;

/** Time is logged by people against their own name; keys have no timesheet. */
const userOf = (ctx: Ctx) => personOf(ctx, 'log time');

export async function addTimeEntry(ctx: Ctx, raw: AddTimeEntryInput): Promise<TimeEntry> {
  const userId = userOf(ctx);
  const input = AddTimeEntryInput.parse(raw);
  const { id, access } = await resolveItem(ctx, input, 'write');
  return writeTransaction(ctx, async (tx, emit) => {
    const entry = await tx.timeEntry.create({ data: { itemId: id, userId, minutes: input.minutes, note: input.note }, select });
    emit(await recordActivity(ctx, tx, [{ productId: access.product.id, itemId: id, action: 'time_logged', field: 'time', after: input.minutes }]));
    return entry;
  });
}

/** An item's time entries, newest first, with the total of all of them (not just this page). */
export async function listTimeEntries(ctx: Ctx, input: ItemRef & { cursor?: string; limit?: number }) {
  const { id } = await resolveItem(ctx, input, 'read');
  const limit = input.limit ?? 50;
  const [rows, total] = await Promise.all([
    ctx.db.timeEntry.findMany({
      where: { itemId: id },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
      ...afterCursor(input.cursor),
      select,
    }),
    ctx.db.timeEntry.aggregate({ where: { itemId: id }, _sum: { minutes: true } }),
  ]);
  const page = pageOf(rows, limit);
  return { items: page.rows, nextCursor: page.nextCursor, totalMinutes: total._sum.minutes ?? 0 };
}

/** People delete only their own entries: a timesheet is personal. */
export async function deleteTimeEntry(ctx: Ctx, input: ItemRef & { entryId: string }): Promise<{ ok: true }> {
  const userId = userOf(ctx);
  const { id, access } = await resolveItem(ctx, input, 'write');
  return writeTransaction(ctx, async (tx, emit) => {
    const entry = await tx.timeEntry.findFirst({ where: { id: input.entryId, itemId: id }, select: { id: true, userId: true, minutes: true } });
    if (!entry) throw notFound('Time entry');
    if (entry.userId !== userId) throw new DomainError('FORBIDDEN', 'Only the person who logged this time can delete it');
    await tx.timeEntry.delete({ where: { id: entry.id } });
    emit(await recordActivity(ctx, tx, [{ productId: access.product.id, itemId: id, action: 'time_deleted', field: 'time', before: entry.minutes }]));
    return { ok: true as const };
  });
}
