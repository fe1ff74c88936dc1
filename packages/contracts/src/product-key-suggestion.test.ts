import { describe, expect, it } from 'vitest';
import { ProductKey } from './common.ts';
import { suggestProductKey } from './product-key-suggestion.ts';

describe('suggestProductKey', () => {
  it.each([
    // the start of one word and the initials of several
    ['Acme', 'ACME'],
    ['Baton', 'BATON'],
    ['Infrastructure', 'INFRA'],
    ['Mobile App', 'MA'],
    ['customer-portal redesign', 'CPR'],
    ['a b c d e f g h i j k l', 'ABCDEFGHIJ'],
    // accents and punctuation dropped, starting with a letter, or nothing
    ['Café Élan', 'CE'],
    ['  acme, inc.  ', 'AI'],
    ['3D Printer', 'DP'],
    ['2024', ''],
    ['X', 'XX'],
    ['日本', ''],
    ['', ''],
  ])('suggests %j → %j', (name, key) => {
    expect(suggestProductKey(name)).toBe(key);
  });

  it('always gives a valid key when it gives one', () => {
    for (const name of ['Acme', 'Mobile App', '3D Printer', 'X', 'Café Élan', 'R2 D2', 'a1'])
      expect(ProductKey.safeParse(suggestProductKey(name)).success, name).toBe(true);
  });
});
