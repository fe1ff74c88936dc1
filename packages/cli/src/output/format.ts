import type { ItemPriority, ItemStatus, ItemSummary } from '@baton/contracts';
import type { Column } from './table.ts';
import type { Style } from './text.ts';

export const STATUS_STYLE: Record<ItemStatus, Style | null> = {
  open: null,
  in_progress: 'yellow',
  done: 'green',
  closed: 'dim',
  wont_fix: 'dim',
  triage: 'magenta',
};
export const PRIORITY_STYLE: Record<ItemPriority, Style | null> = { critical: 'red', high: 'yellow', medium: null, low: 'dim' };

export const itemColumns = <T extends ItemSummary>(extra: Column<T>[] = []): Column<T>[] => [
  { header: 'Key', value: (i) => i.key, style: () => 'cyan' },
  { header: 'Type', value: (i) => i.type },
  { header: 'Status', value: (i) => i.state?.name ?? i.status, style: (i) => STATUS_STYLE[i.status] },
  { header: 'Priority', value: (i) => i.priority, style: (i) => PRIORITY_STYLE[i.priority] },
  { header: 'Assignee', value: (i) => i.assignee?.name ?? '-' },
  { header: 'Title', value: (i) => i.title, flex: true },
  ...extra,
];

/** `in 4 min`, `2 h ago`: relative to now, for lease ends. */
export function relative(at: Date, now: Date): string {
  const s = Math.round((at.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(s);
  const text =
    abs < 90
      ? `${abs} s`
      : abs < 5400
        ? `${Math.round(abs / 60)} min`
        : abs < 172_800
          ? `${Math.round(abs / 3600)} h`
          : `${Math.round(abs / 86_400)} d`;
  return s >= 0 ? `in ${text}` : `${text} ago`;
}
