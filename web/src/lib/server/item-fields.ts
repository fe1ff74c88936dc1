import { errorOf } from '@baton/client';
import type { Item, UpdateItemInput } from '@baton/contracts';
import { readItemKey } from '@baton/contracts/item-key';
import type { api } from './api';
import { formValue } from '$lib/item-form-value';
import { textDiff, type DiffPart } from './text-diff';

/** Fields the detail page edits one at a time through the `update` action. */
export const EDITABLE_FIELDS = [
  'title', 'description', 'stepsToReproduce', 'expected', 'actual', 'status', 'priority', 'type', 'visibility', 'assigneeUserId',
  'estimate', 'dueDate', 'environment', 'affectedVersion', 'fixedVersion', 'targetRelease', 'milestoneId', 'sprintId', 'parentId',
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

type Patch = UpdateItemInput['patch'];
const NULLABLE_TEXT = new Set<EditableField>(['stepsToReproduce', 'expected', 'actual', 'environment', 'affectedVersion', 'fixedVersion', 'targetRelease']);

/** A form value as the patch the API takes: empty optional fields clear them; numbers and dates are parsed here. */
export function fieldPatch(field: EditableField, value: string): { patch: Patch } | { error: string } {
  if (NULLABLE_TEXT.has(field)) return { patch: { [field]: value.trim() === '' ? null : value } };
  if (field === 'assigneeUserId' || field === 'milestoneId' || field === 'sprintId') return { patch: { [field]: value || null } };
  // a parent key must be looked up first (parentKeyToId): the API takes the parent's id
  if (field === 'parentId') return { patch: { parentId: value.trim() || null } };
  if (field === 'estimate') {
    if (value.trim() === '') return { patch: { estimate: null } };
    const n = Number(value);
    return Number.isFinite(n) ? { patch: { estimate: n } } : { error: 'must be a number' };
  }
  if (field === 'dueDate') {
    if (value.trim() === '') return { patch: { dueDate: null } };
    return /^\d{4}-\d{2}-\d{2}$/.test(value) ? { patch: { dueDate: new Date(`${value}T00:00:00Z`) } } : { error: 'must be a date (YYYY-MM-DD)' };
  }
  return { patch: { [field]: value } as Patch };
}

/** The id of the item a parent field names (a key as typed, bat-5 too); null clears it, undefined: no such item. */
export async function parentIdOf(client: ReturnType<typeof api>, productId: string, typed: string | null): Promise<string | null | undefined> {
  if (!typed) return null;
  try {
    return (await client.items.get.query({ productId, ref: readItemKey(typed) ?? typed })).id;
  } catch (e) {
    const code = errorOf(e)?.code;
    if (code === 'NOT_FOUND' || code === 'BAD_INPUT') return undefined;
    throw e;
  }
}

export type Conflict = { field: EditableField; mine: string; theirs: string; currentVersion: number; diff: DiffPart[] | null };

/** What the user sees after a CONFLICT: their value against the stored one, with a word diff for long text. */
export function conflictOf(field: EditableField, mine: string, fresh: Item): Conflict {
  const theirs = formValue(fresh, field);
  const long = field === 'description' || field === 'stepsToReproduce' || field === 'expected' || field === 'actual';
  return { field, mine, theirs, currentVersion: fresh.version, diff: long ? textDiff(theirs, mine) : null };
}
