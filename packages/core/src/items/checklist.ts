import { ChecklistText, type ChecklistEntry, type ItemRef } from '@baton/contracts';
import { recordActivity, writeTransaction } from '../activity/record-activity.ts';
import type { Ctx } from '../deps.ts';
import { DomainError, notFound } from '../errors.ts';
import { lockItem } from './locks.ts';
import { resolveItem } from './resolve-item.ts';

const select = { id: true, text: true, done: true, position: true } as const;
/** Acceptance criteria are a short list; past this an item needs splitting, not more entries. */
export const MAX_CHECKLIST = 200;

export async function listChecklist(ctx: Ctx, ref: ItemRef): Promise<ChecklistEntry[]> {
  const { id } = await resolveItem(ctx, ref, 'read');
  return ctx.db.checklistEntry.findMany({ where: { itemId: id }, orderBy: { position: 'asc' }, select, take: MAX_CHECKLIST });
}

export async function addChecklistEntry(ctx: Ctx, input: ItemRef & { text: string }): Promise<ChecklistEntry> {
  const text = ChecklistText.parse(input.text);
  const { id, access } = await resolveItem(ctx, input, 'write');
  return writeTransaction(ctx, async (tx, emit) => {
    await lockItem(tx, id);
    if ((await tx.checklistEntry.count({ where: { itemId: id } })) >= MAX_CHECKLIST) {
      throw new DomainError('BAD_INPUT', `text: an item holds at most ${MAX_CHECKLIST} checklist entries`, {
        issues: [{ path: ['text'], message: `an item holds at most ${MAX_CHECKLIST} checklist entries` }],
      });
    }
    const last = await tx.checklistEntry.findFirst({ where: { itemId: id }, orderBy: { position: 'desc' }, select: { position: true } });
    const entry = await tx.checklistEntry.create({ data: { itemId: id, text, position: (last?.position ?? -1) + 1 }, select });
    emit(await recordActivity(ctx, tx, [{ productId: access.product.id, itemId: id, action: 'checklist_added', after: text }]));
    return entry;
  });
}

export async function setChecklistEntry(ctx: Ctx, input: ItemRef & { entryId: string; done: boolean }): Promise<ChecklistEntry> {
  const { id, access } = await resolveItem(ctx, input, 'write');
  return writeTransaction(ctx, async (tx, emit) => {
    const current = await tx.checklistEntry.findFirst({ where: { id: input.entryId, itemId: id }, select });
    if (!current) throw notFound('Checklist entry');
    const entry = await tx.checklistEntry.update({ where: { id: current.id }, data: { done: input.done, doneAt: input.done ? ctx.clock() : null }, select });
    if (current.done !== input.done) {
      emit(await recordActivity(ctx, tx, [{ productId: access.product.id, itemId: id, action: input.done ? 'checklist_checked' : 'checklist_unchecked', field: 'checklist', before: current.done, after: input.done }]));
    }
    return entry;
  });
}

export async function removeChecklistEntry(ctx: Ctx, input: ItemRef & { entryId: string }): Promise<{ ok: true }> {
  const { id, access } = await resolveItem(ctx, input, 'write');
  return writeTransaction(ctx, async (tx, emit) => {
    const current = await tx.checklistEntry.findFirst({ where: { id: input.entryId, itemId: id }, select });
    if (!current) throw notFound('Checklist entry');
    await tx.checklistEntry.delete({ where: { id: current.id } });
    emit(await recordActivity(ctx, tx, [{ productId: access.product.id, itemId: id, action: 'checklist_removed', before: current.text }]));
    return { ok: true as const };
  });
}

/** Moves an entry to `toIndex` (0-based, clamped) and renumbers the list, under the item's lock. */
export async function moveChecklistEntry(ctx: Ctx, input: ItemRef & { entryId: string; toIndex: number }): Promise<ChecklistEntry[]> {
  const { id, access } = await resolveItem(ctx, input, 'write');
  return writeTransaction(ctx, async (tx, emit) => {
    await lockItem(tx, id);
    const entries = await tx.checklistEntry.findMany({ where: { itemId: id }, orderBy: { position: 'asc' }, select });
    const from = entries.findIndex((e) => e.id === input.entryId);
    if (from < 0) throw notFound('Checklist entry');
    const to = Math.max(0, Math.min(input.toIndex, entries.length - 1));
    if (from === to) return entries;
    const [moved] = entries.splice(from, 1);
    entries.splice(to, 0, moved!);
    for (const [i, e] of entries.entries()) {
      if (e.position !== i) await tx.checklistEntry.update({ where: { id: e.id }, data: { position: i } });
      e.position = i;
    }
    emit(await recordActivity(ctx, tx, [{ productId: access.product.id, itemId: id, action: 'checklist_moved', field: 'checklist', before: from, after: to }]));
    return entries;
  });
}
