import { describe, expect, it } from 'vitest';
import { ToolFailure } from '../result.ts';
import { pickEntry } from './check.ts';

const entries = [
  { id: 'b', text: 'Dates are ISO', done: false, position: 2 },
  { id: 'a', text: 'CSV has a header', done: false, position: 1 },
  { id: 'c', text: 'CSV escapes quotes', done: false, position: 3 },
];

const failure = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ToolFailure) return e.code;
    throw e;
  }
  throw new Error('expected a failure');
};

describe('picking an acceptance criterion', () => {
  it('by 1-based position in list order', () => {
    expect(pickEntry(entries, { index: 1 }).id).toBe('a');
    expect(pickEntry(entries, { index: 3 }).id).toBe('c');
    expect(failure(() => pickEntry(entries, { index: 4 }))).toBe('NOT_FOUND');
  });

  it('by exact text first, ignoring case, then by a unique part', () => {
    expect(pickEntry(entries, { text: 'dates are iso' }).id).toBe('b');
    expect(pickEntry(entries, { text: 'header' }).id).toBe('a');
  });

  it('refuses ambiguous, unmatched or missing text rather than guessing', () => {
    expect(failure(() => pickEntry(entries, { text: 'CSV' }))).toBe('BAD_INPUT');
    expect(failure(() => pickEntry(entries, { text: 'unicode' }))).toBe('NOT_FOUND');
    expect(failure(() => pickEntry(entries, {}))).toBe('BAD_INPUT');
  });
});
