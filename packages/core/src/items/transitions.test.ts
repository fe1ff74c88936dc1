import { ItemStatus } from '@baton/contracts';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { assertTransition, statusTimestamps, TRANSITIONS } from './transitions.ts';

describe('status transitions', () => {
  it('covers every status and never lists a status as its own target', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...ItemStatus.options].sort());
    for (const [from, to] of Object.entries(TRANSITIONS)) expect(to).not.toContain(from);
  });
  it('allows reopening every finished status', () => {
    for (const s of ['done', 'closed', 'wont_fix'] as const) expect(() => assertTransition(s, 'open')).not.toThrow();
  });
  it('refuses a move outside the table with the allowed targets', () => {
    try {
      assertTransition('closed', 'done');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('INVALID_TRANSITION');
      expect((e as DomainError).details).toMatchObject({ from: 'closed', to: 'done', allowed: ['open'] });
    }
  });
  it('sets lifecycle timestamps', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(statusTimestamps('open', 'in_progress', now)).toEqual({ startedAt: now });
    expect(statusTimestamps('in_progress', 'done', now)).toEqual({ doneAt: now, closedAt: null });
    expect(statusTimestamps('done', 'open', now)).toEqual({ doneAt: null, closedAt: null });
    expect(statusTimestamps('open', 'open', now)).toEqual({});
  });
});
