import { describe, expect, it } from 'vitest';
import { ago, dueText, formatDateTime, formatDay, isoDay } from './dates';

// UTC+14: a local-time slip moves 23:30 UTC to the next day (Node reads TZ when it changes)
process.env.TZ = 'Pacific/Kiritimati';

// 23:30 UTC: the previous or next calendar day in many time zones, so a local-time slip shows
const lateEvening = new Date('2026-11-21T23:30:00Z');

describe('dates as the UI shows them', () => {
  it('shows days and moments in UTC, whatever the server time zone', () => {
    expect(isoDay(lateEvening)).toBe('2026-11-21');
    expect(formatDay(lateEvening)).toBe('Nov 21, 2026');
    expect(formatDateTime(lateEvening)).toBe('21 Nov 2026, 23:30 UTC');
  });

  it('counts due days by UTC day', () => {
    const due = new Date('2026-11-23T00:00:00Z');
    expect(dueText(due, lateEvening)).toEqual({ text: 'due in 2 days', overdue: false });
    expect(dueText(new Date('2026-11-21T00:00:00Z'), lateEvening)).toEqual({ text: 'due today', overdue: false });
    expect(dueText(new Date('2026-11-20T00:00:00Z'), lateEvening)).toEqual({ text: 'overdue 1 day', overdue: true });
  });

  it('gives relative ages, then the date', () => {
    expect(ago(new Date(lateEvening.getTime() - 30_000), lateEvening)).toBe('just now');
    expect(ago(new Date(lateEvening.getTime() - 5 * 60_000), lateEvening)).toBe('5 min ago');
    expect(ago(new Date(lateEvening.getTime() - 3 * 3_600_000), lateEvening)).toBe('3 h ago');
    expect(ago(new Date('2026-09-01T12:00:00Z'), lateEvening)).toBe('Sep 1, 2026');
  });
});
