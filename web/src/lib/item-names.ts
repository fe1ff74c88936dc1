import type { ItemPriority, ItemStatus, ItemType } from '@baton/contracts';

/** How enum values read in the UI. */
export const STATUS_NAME: Record<ItemStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
  closed: 'Closed',
  wont_fix: "Won't fix",
  triage: 'Triage',
};
export const PRIORITY_NAME: Record<ItemPriority, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };
export const TYPE_NAME: Record<ItemType, string> = { bug: 'Bug', feature: 'Feature', task: 'Task' };

// The values in workflow order, without importing the contracts' zod schemas into the browser's bundle
// (the Records above list every value, so the type checker keeps these complete).
// Ideas in triage are decided in the triage inbox, never moved on the board or in bulk: the work statuses omit it.
export const STATUSES: ItemStatus[] = (Object.keys(STATUS_NAME) as ItemStatus[]).filter((s) => s !== 'triage');
export const PRIORITIES = Object.keys(PRIORITY_NAME) as ItemPriority[];
export const TYPES = Object.keys(TYPE_NAME) as ItemType[];
