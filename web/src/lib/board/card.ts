import type { ItemPriority, ItemStatus, ItemSummary, ItemType, Label } from '@baton/contracts';
import { STATUSES } from '@baton/contracts/item-labels';

/** What a board card shows: plain JSON (no dates), so it travels unchanged from the server to the page. */
export type Card = {
  id: string;
  key: string;
  title: string;
  type: ItemType;
  status: ItemStatus;
  priority: ItemPriority;
  version: number;
  assignee: { id: string; name: string } | null;
  labels: Label[];
};

export type Column = { cards: Card[]; nextCursor: string | null };
/** one per board column (STATUSES); ideas in triage have none, the board never offers them */
export type Columns = Record<ItemStatus, Column>;

/** Cards per column and page: a board of 10,000 items renders a few dozen per column and pages the rest. */
export const COLUMN_LIMIT = 25;

/** Board columns left to right: the workflow's order. */
export { STATUSES };

export function cardOf(item: ItemSummary): Card {
  return {
    id: item.id,
    key: item.key,
    title: item.title,
    type: item.type,
    status: item.status,
    priority: item.priority,
    version: item.version,
    assignee: item.assignee && { id: item.assignee.id, name: item.assignee.name },
    labels: item.labels,
  };
}

/**
 * The query of one column: the user's filter, narrowed to the column's status (separate terms are ANDed, so a
 * filter naming another status simply leaves this column empty).
 */
export const columnQuery = (q: string, status: ItemStatus) => `${q} status:${status}`.trim();

/** `card` in its status column (first, where the newest changes go), out of every other place. */
export function placeCard(columns: Columns, card: Card): Columns {
  const out = {} as Columns;
  for (const s of STATUSES) {
    const rest = columns[s].cards.filter((c) => c.id !== card.id);
    out[s] = { ...columns[s], cards: s === card.status ? [card, ...rest] : rest };
  }
  return out;
}

export function removeCard(columns: Columns, id: string): Columns {
  const out = {} as Columns;
  for (const s of STATUSES) out[s] = { ...columns[s], cards: columns[s].cards.filter((c) => c.id !== id) };
  return out;
}

export function findCard(columns: Columns, id: string): Card | undefined {
  for (const s of STATUSES) {
    const c = columns[s].cards.find((x) => x.id === id);
    if (c) return c;
  }
  return undefined;
}

/** What someone else changed on a card since it was loaded: shown with a CONFLICT so the user can decide. */
export function changesBetween(seen: Card, now: Card): { field: string; before: string; after: string }[] {
  const fields: [string, (c: Card) => string][] = [
    ['Status', (c) => c.status],
    ['Title', (c) => c.title],
    ['Priority', (c) => c.priority],
    ['Type', (c) => c.type],
    ['Assignee', (c) => c.assignee?.name ?? 'Unassigned'],
    ['Labels', (c) => c.labels.map((l) => l.name).join(', ') || 'none'],
  ];
  return fields.flatMap(([field, get]) => (get(seen) === get(now) ? [] : [{ field, before: get(seen), after: get(now) }]));
}
