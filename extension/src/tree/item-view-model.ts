import { FINISHED_STATUSES, PRIORITY_RANK, STATUS_LABEL, stateLabel, type ItemPriority, type ItemStatus, type ItemSummary, type ItemType } from '@baton/contracts';

// Pure shaping of items for the tree views (no `vscode` import): grouping, order, labels, icons, and the
// contextValue that decides which context-menu actions an item offers.

const STATUS_ORDER: readonly ItemStatus[] = ['in_progress', 'open', 'done', 'closed', 'wont_fix'];
/** Codicon ids: bugs, features and tasks look different at a glance. */
const TYPE_ICON: Record<ItemType, string> = { bug: 'bug', feature: 'sparkle', task: 'tasklist' };
/** Priority is the icon's colour (theme colour ids) and a word in the description. */
const PRIORITY_COLOR: Record<ItemPriority, string | undefined> = {
  critical: 'errorForeground',
  high: 'editorWarning.foreground',
  medium: undefined,
  low: 'disabledForeground',
};

export type ClaimState = 'mine' | 'other' | 'none';

export type StatusGroup<T> = { status: ItemStatus; label: string; items: T[]; collapsed: boolean };

/** Items grouped by status in working order (in progress first), most urgent first within a group. */
export function groupByStatus<T extends Pick<ItemSummary, 'status' | 'priority' | 'number'>>(items: readonly T[]): StatusGroup<T>[] {
  const buckets = new Map<ItemStatus, T[]>();
  for (const item of items) {
    const bucket = buckets.get(item.status);
    if (bucket) bucket.push(item);
    else buckets.set(item.status, [item]);
  }
  return STATUS_ORDER.filter((s) => buckets.has(s)).map((status) => ({
    status,
    label: `${STATUS_LABEL[status]} (${buckets.get(status)!.length})`,
    items: buckets.get(status)!.sort(byUrgency),
    // finished work stays out of the way
    collapsed: FINISHED_STATUSES.includes(status),
  }));
}

function byUrgency(a: Pick<ItemSummary, 'priority' | 'number'>, b: Pick<ItemSummary, 'priority' | 'number'>): number {
  return PRIORITY_RANK[b.priority] - PRIORITY_RANK[a.priority] || a.number - b.number;
}

/**
 * Space-separated flags that `package.json` menus match with `viewItem =~ /\bflag\b/`:
 * `item` always; `canStart` when nobody holds it and it is not finished; `working` when it is the item I hold;
 * `claimedByOther` when someone else holds it.
 */
export function contextValue(item: Pick<ItemSummary, 'status'>, claim: ClaimState): string {
  const flags = ['item', `status-${item.status}`];
  if (claim === 'mine') flags.push('working');
  else if (claim === 'other') flags.push('claimedByOther');
  else if (!FINISHED_STATUSES.includes(item.status)) flags.push('canStart');
  return flags.join(' ');
}

export type ItemRow = {
  id: string;
  label: string;
  description: string;
  tooltip: string;
  icon: string;
  iconColor: string | undefined;
  contextValue: string;
};

/** The tree groups by status: a row names its state only when the product named it otherwise. */
const isDefaultName = (item: ItemSummary) => item.state?.name.toLowerCase() === STATUS_LABEL[item.status].toLowerCase();

/** Everything a tree row shows for one item; `holder` names who holds it when it is claimed. */
export function itemRow(item: ItemSummary, claim: ClaimState, holder?: string): ItemRow {
  const claimText = claim === 'mine' ? '● working' : claim === 'other' ? `● ${holder ?? 'claimed'}` : '';
  const assignee = item.assignee ? `@${item.assignee.name}` : 'unassigned';
  return {
    id: item.id,
    label: `${item.key} ${item.title}`,
    description: [item.state && !isDefaultName(item) ? item.state.name : '', item.priority === 'medium' ? '' : item.priority, claimText].filter(Boolean).join(' · '),
    tooltip: `${item.key} · ${item.type} · ${item.priority} · ${stateLabel(item)} · ${assignee}${claimText ? ` · ${claimText}` : ''}\n${item.title}`,
    icon: claim === 'mine' ? 'debug-start' : TYPE_ICON[item.type],
    iconColor: claim === 'mine' ? 'charts.green' : PRIORITY_COLOR[item.priority],
    contextValue: contextValue(item, claim),
  };
}
