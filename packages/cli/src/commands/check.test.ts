import { describe, expect, it } from 'vitest';
import { CliFailure, UsageError } from '../cli-error.ts';
import { pickEntry } from './check.ts';

const entries = ['Write the migration', 'Write the tests', 'Update the README'].map((text, i) => ({
  id: `e${i + 1}`,
  text,
  done: false,
  position: i,
}));

describe('pickEntry', () => {
  it('takes the number shown by `baton show` (from 1)', () => {
    expect(pickEntry(entries, '1').id).toBe('e1');
    expect(pickEntry(entries, '3').id).toBe('e3');
    expect(() => pickEntry(entries, '4')).toThrow(CliFailure);
    expect(() => pickEntry(entries, '0')).toThrow(CliFailure);
  });

  it('takes the exact text, or a part of it that only one entry has', () => {
    expect(pickEntry(entries, 'write the tests').id).toBe('e2');
    expect(pickEntry(entries, 'README').id).toBe('e3');
    expect(() => pickEntry(entries, 'Write')).toThrow(UsageError);
    expect(() => pickEntry(entries, 'Write')).toThrow(/1\. Write the migration; 2\. Write the tests/);
    expect(() => pickEntry(entries, 'deploy')).toThrow(CliFailure);
  });
});
