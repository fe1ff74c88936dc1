import type { ItemGrouping, ItemSummary } from '@baton/contracts';
import { PRIORITIES, PRIORITY_LABEL, STATUS_LABEL, STATUSES } from '@baton/contracts/item-labels';

export type ItemGroup = { key: string; label: string; items: ItemSummary[] };
export const GROUPINGS: [ItemGrouping, string][] = [
  ['status', 'Status'],
  ['priority', 'Priority'],
  ['assignee', 'Assignee'],
  ['label', 'Label'],
  ['milestone', 'Milestone'],
];

/**
 * Groups a page of items for display, keeping each group in the list's order. Statuses and priorities come in
 * their workflow order, people/labels/milestones by name with the empty group last; an item with two labels is
 * shown under both, as Linear does.
 */
export function groupItems(items: ItemSummary[], by: ItemGrouping): ItemGroup[] {
  const groups = new Map<string, ItemGroup>();
  const add = (key: string, label: string, item: ItemSummary) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, label, items: [] }));
    g.items.push(item);
  };
  for (const item of items) {
    if (by === 'status') add(item.status, STATUS_LABEL[item.status], item);
    else if (by === 'priority') add(item.priority, PRIORITY_LABEL[item.priority], item);
    else if (by === 'assignee') add(item.assignee ? `a:${item.assignee.id}` : '', item.assignee?.name ?? 'Unassigned', item);
    else if (by === 'milestone') add(item.milestone ? `m:${item.milestone.id}` : '', item.milestone?.name ?? 'No milestone', item);
    else if (item.labels.length === 0) add('', 'No label', item);
    else for (const l of item.labels) add(`l:${l.id}`, l.name, item);
  }
  const order: readonly string[] | null = by === 'status' ? STATUSES : by === 'priority' ? PRIORITIES : null;
  return [...groups.values()].sort((a, b) => {
    if (order) return order.indexOf(a.key) - order.indexOf(b.key);
    // the "none" group (key '') goes last; the rest by name
    if (!a.key || !b.key) return a.key ? -1 : b.key ? 1 : 0;
    return a.label.localeCompare(b.label);
  });
}
