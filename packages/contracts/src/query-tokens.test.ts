import { describe, expect, it } from 'vitest';
import { keyedTerm, splitOutsideQuotes, tokenizeQuery, unquote } from './query-tokens.ts';

const raws = (q: string) => tokenizeQuery(q).tokens.map((t) => t.raw);

describe('query tokens', () => {
  it('splits on any whitespace outside double quotes and keeps each offset', () => {
    const { tokens, unclosedQuote } = tokenizeQuery(' type:bug\t-label:"needs review"\n"dark mode"  crash ');
    expect(tokens).toEqual([
      { raw: 'type:bug', start: 1 },
      { raw: '-label:"needs review"', start: 10 },
      { raw: '"dark mode"', start: 32 },
      { raw: 'crash', start: 45 },
    ]);
    expect(unclosedQuote).toBeNull();
    expect(tokenizeQuery('').tokens).toEqual([]);
    expect(tokenizeQuery('   ').tokens).toEqual([]);
  });

  it('keeps quotes in the middle of a term with it, and an empty pair as a term', () => {
    expect(raws('assignee:"Ada Lovelace",me x')).toEqual(['assignee:"Ada Lovelace",me', 'x']);
    expect(raws('a"b c"d e')).toEqual(['a"b c"d', 'e']);
    expect(raws('"" x')).toEqual(['""', 'x']);
  });

  it('runs an unclosed quote to the end and says where it opened', () => {
    expect(tokenizeQuery('is:open "dark mode')).toEqual({
      tokens: [
        { raw: 'is:open', start: 0 },
        { raw: '"dark mode', start: 8 },
      ],
      unclosedQuote: 8,
    });
    expect(tokenizeQuery('label:"a b" title:"c').unclosedQuote).toBe(18);
  });

  it('reads key, value and negation; a quoted term or one with no colon outside quotes is text', () => {
    expect(keyedTerm({ raw: '-Label:"needs review"', start: 4 })).toEqual({
      negated: true,
      key: 'Label',
      keyStart: 5,
      value: { raw: '"needs review"', start: 11 },
    });
    expect(keyedTerm({ raw: 'status:', start: 0 })).toEqual({ negated: false, key: 'status', keyStart: 0, value: { raw: '', start: 7 } });
    expect(keyedTerm({ raw: '"10:30"', start: 0 })).toBeNull();
    expect(keyedTerm({ raw: 'say"a:b"', start: 0 })).toBeNull();
    expect(keyedTerm({ raw: '-crash', start: 0 })).toBeNull();
  });

  it('splits values on commas outside quotes, with offsets, and unquotes', () => {
    expect(splitOutsideQuotes({ raw: 'a,"b,c",d', start: 10 }, ',')).toEqual([
      { raw: 'a', start: 10 },
      { raw: '"b,c"', start: 12 },
      { raw: 'd', start: 18 },
    ]);
    expect(unquote('"b,c"')).toBe('b,c');
  });
});
