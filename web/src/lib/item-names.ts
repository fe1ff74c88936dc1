import type { ItemPriority, ItemStatus, ItemType } from '@baton/contracts';

/** How enum values read in the UI. */
export const STATUS_NAME: Record<ItemStatus, string> = { open: 'Open', in_progress: 'In progress', done: 'Done', closed: 'Closed', wont_fix: "Won't fix" };
export const PRIORITY_NAME: Record<ItemPriority, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };
export const TYPE_NAME: Record<ItemType, string> = { bug: 'Bug', feature: 'Feature', task: 'Task' };
