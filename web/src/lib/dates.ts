/** Dates as the UI shows them: UTC calendar days (due dates are days), relative ages for activity. */
const DAY_MS = 86_400_000;

export function formatDay(d: Date): string {
  return d.toLocaleDateString('en', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
}

/** The ISO day, "2026-11-21" (UTC): form values, tables and file names. */
export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

/** A moment to the minute, in UTC: "21 Nov 2026, 11:14 UTC". */
export function formatDateTime(d: Date): string {
  return d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';
}

/** "overdue 3 days", "due today", "due in 2 days": relative to `now`, by UTC day. */
export function dueText(due: Date, now: Date): { text: string; overdue: boolean } {
  const days = Math.floor(due.getTime() / DAY_MS) - Math.floor(now.getTime() / DAY_MS);
  if (days < 0) return { text: `overdue ${-days} day${days === -1 ? '' : 's'}`, overdue: true };
  if (days === 0) return { text: 'due today', overdue: false };
  return { text: `due in ${days} day${days === 1 ? '' : 's'}`, overdue: false };
}

/** "just now", "5 min ago", "3 h ago", "2 d ago", then the date. */
export function ago(d: Date, now: Date): string {
  const s = Math.max(0, Math.round((now.getTime() - d.getTime()) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < DAY_MS / 1000) return `${Math.floor(s / 3600)} h ago`;
  if (s < 30 * 86400) return `${Math.floor(s / 86400)} d ago`;
  return formatDay(d);
}
