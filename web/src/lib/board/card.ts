import type { ItemPriority, ItemStatus, ItemSummary, ItemType, Label, WorkflowState } from '@baton/contracts';
import { ItemStatus as ItemStatusSchema } from '@baton/contracts';

/** What a board card shows: plain JSON (no dates), so it travels unchanged from the server to the page. */
export type Card = {
  id: string;
  key: string;
  title: string;
  type: ItemType;
  /** the category (every workflow rule reads it) */
  status: ItemStatus;
  /** the workflow state the card sits in, its column (docs/status-changes.md "Workflow states") */
  stateId: string | null;
  stateName: string;
  priority: ItemPriority;
  version: number;
  assignee: { id: string; name: string } | null;
  labels: Label[];
  /** the due day, YYYY-MM-DD (UTC), or null */
  dueDate: string | null;
};

export type Column = { cards: Card[]; nextCursor: string | null };
/** one per board column, by workflow state id; ideas in triage have no state, the board never offers them */
export type Columns = Record<string, Column>;

/** Cards per column and page: a board of 10,000 items renders a few dozen per column and pages the rest. */
export const COLUMN_LIMIT = 25;

export function cardOf(item: ItemSummary): Card {
  return {
    id: item.id,
    key: item.key,
    title: item.title,
    type: item.type,
    status: item.status,
    stateId: item.state?.id ?? null,
    stateName: item.state?.name ?? item.status,
    priority: item.priority,
    version: item.version,
    assignee: item.assignee && { id: item.assignee.id, name: item.assignee.name },
    labels: item.labels,
    dueDate: item.dueDate ? item.dueDate.toISOString().slice(0, 10) : null,
  };
}

/** The card as it is once moved to `state` (the optimistic move). */
export const movedTo = (card: Card, state: WorkflowState): Card => ({ ...card, status: state.category, stateId: state.id, stateName: state.name });

/** Whether the query language reads this name as a status (any case, dashes for underscores), not a state's name. */
const namesCategory = (name: string) => (ItemStatusSchema.options as readonly string[]).includes(name.trim().toLowerCase().replaceAll('-', '_'));

/**
 * The query of one column: the user's filter, narrowed to the column's state (separate terms are ANDed, so a
 * filter naming another status simply leaves this column empty). `status:"In review"` matches that state alone,
 * and a default state's name matches its category's items with no state of their own too (item-where.ts). But
 * a name the language reads as a status (the default "Open", "Done", "Closed") means the whole category: then
 * the column is the category without its other states.
 */
export function columnQuery(q: string, state: WorkflowState, states: readonly WorkflowState[]): string {
  if (!namesCategory(state.name)) return `${q} status:"${state.name}"`.trim();
  const others = states.filter((s) => s.category === state.category && s.id !== state.id).map((s) => ` -status:"${s.name}"`);
  return `${q} status:${state.category}${others.join('')}`.trim();
}

/** `card` in its state's column (first, where the newest changes go), out of every other place. */
export function placeCard(columns: Columns, card: Card): Columns {
  const out: Columns = {};
  for (const [id, column] of Object.entries(columns)) {
    const rest = column.cards.filter((c) => c.id !== card.id);
    out[id] = { ...column, cards: id === card.stateId ? [card, ...rest] : rest };
  }
  return out;
}

export function removeCard(columns: Columns, id: string): Columns {
  const out: Columns = {};
  for (const [s, column] of Object.entries(columns)) out[s] = { ...column, cards: column.cards.filter((c) => c.id !== id) };
  return out;
}

export function findCard(columns: Columns, id: string): Card | undefined {
  for (const column of Object.values(columns)) {
    const c = column.cards.find((x) => x.id === id);
    if (c) return c;
  }
  return undefined;
}

/** What someone else changed on a card since it was loaded: shown with a CONFLICT so the user can decide. */
export function changesBetween(seen: Card, now: Card): { field: string; before: string; after: string }[] {
  const fields: [string, (c: Card) => string][] = [
    ['Status', (c) => c.stateName],
    ['Title', (c) => c.title],
    ['Priority', (c) => c.priority],
    ['Type', (c) => c.type],
    ['Assignee', (c) => c.assignee?.name ?? 'Unassigned'],
    ['Labels', (c) => c.labels.map((l) => l.name).join(', ') || 'none'],
    ['Due', (c) => c.dueDate ?? 'none'],
  ];
  return fields.flatMap(([field, get]) => (get(seen) === get(now) ? [] : [{ field, before: get(seen), after: get(now) }]));
}
