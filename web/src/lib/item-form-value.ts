import type { Item } from '@baton/contracts';
import { isoDay } from './dates';

/** A field's stored value as the detail page's forms send it ('' for none; dates as YYYY-MM-DD). */
export function formValue(item: Item, field: string): string {
  if (field === 'assigneeUserId') return item.assignee?.kind === 'user' ? item.assignee.id : '';
  if (field === 'milestoneId') return item.milestone?.id ?? '';
  // the parent is typed as a key (BAT-5), and sent as one
  if (field === 'parentId') return item.parent?.key ?? '';
  // the status picker sends a state's name ("In review"); triage has none, its category names it
  if (field === 'status') return item.state?.name ?? item.status;
  if (field === 'dueDate') return item.dueDate ? isoDay(item.dueDate) : '';
  const v = (item as Record<string, unknown>)[field];
  return v === null || v === undefined ? '' : String(v);
}
