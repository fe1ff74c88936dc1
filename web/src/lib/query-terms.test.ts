import { describe, expect, it } from 'vitest';
import { effectiveQuery, joinTerms, splitSort, splitTerms } from './query-terms';

describe('query terms', () => {
  it('splits on whitespace outside quotes and reads keys, values and negation', () => {
    const terms = splitTerms('type:bug  -label:"needs review" "dark mode" crash');
    expect(terms.map((t) => [t.key, t.value, t.negated, t.start])).toEqual([
      ['type', 'bug', false, 0],
      ['label', 'needs review', true, 10],
      [null, 'dark mode', false, 32],
      [null, 'crash', false, 44],
    ]);
    expect(joinTerms(terms)).toBe('type:bug -label:"needs review" "dark mode" crash');
  });

  it('swaps the sort term for the one picked in the toolbar', () => {
    expect(splitSort('is:open sort:due-asc bug')).toEqual({ rest: 'is:open bug', sort: 'due-asc' });
    expect(effectiveQuery('is:open sort:due-asc', 'priority-desc')).toBe('is:open sort:priority-desc');
    expect(effectiveQuery(' is:open ', null)).toBe('is:open');
    expect(effectiveQuery('', 'created-asc')).toBe('sort:created-asc');
  });

  it('reads terms as the backend parser does: quoted terms are text, an unclosed quote runs to the end', () => {
    expect(splitTerms('"10:30" -crash').map((t) => [t.key, t.value, t.negated])).toEqual([
      [null, '10:30', false],
      [null, '-crash', false],
    ]);
    expect(splitTerms('is:open "dark mode').map((t) => t.raw)).toEqual(['is:open', '"dark mode']);
    expect(splitSort('Sort:due-asc bug')).toEqual({ rest: 'bug', sort: 'due-asc' });
  });
});
