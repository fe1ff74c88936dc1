// How item statuses, priorities and types read to people, written once for the web app, the extension and the
// CLI. Types only from zod's side, so browser bundles take it without zod:
// `import { STATUS_LABEL } from '@baton/contracts/item-labels'`.
import type { ItemPriority, ItemStatus, ItemType, PublicStatus } from './enums.ts';

// Sentence case everywhere ("In progress", not "In Progress"), as VS Code's and the web's own labels are.
/** What a person reads for an item's state: the product's state name, else its status's label (triage, older servers). */
export const stateLabel = (item: { status: ItemStatus; state?: { name: string } | null }): string => item.state?.name ?? STATUS_LABEL[item.status];

export const STATUS_LABEL: Record<ItemStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
  closed: 'Closed',
  wont_fix: "Won't fix",
  triage: 'Triage',
};
// What the public roadmap, its emails and the submitter's status page call each public status.
export const PUBLIC_STATUS_LABEL: Record<PublicStatus, string> = {
  under_review: 'Under review',
  planned: 'Planned',
  in_progress: 'In progress',
  done: 'Done',
  declined: 'Declined',
  duplicate: 'Duplicate',
};
export const PRIORITY_LABEL: Record<ItemPriority, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };
export const TYPE_LABEL: Record<ItemType, string> = { bug: 'Bug', feature: 'Feature', task: 'Task' };

// The values in workflow order, for pickers and columns (the Records above list every value, so the type checker
// keeps these complete without the zod enums). Ideas in triage are decided in the triage inbox, never moved on the
// board or in bulk: the work statuses omit it.
export const STATUSES: ItemStatus[] = (Object.keys(STATUS_LABEL) as ItemStatus[]).filter((s) => s !== 'triage');
export const PRIORITIES = Object.keys(PRIORITY_LABEL) as ItemPriority[];
export const TYPES = Object.keys(TYPE_LABEL) as ItemType[];
