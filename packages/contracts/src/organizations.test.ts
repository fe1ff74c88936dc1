import { describe, expect, it } from 'vitest';
import { ProductKey } from './common.ts';
import { suggestProductKey } from './product-key-suggestion.ts';

describe('suggestProductKey', () => {
  it('takes the start of one word and the initials of several', () => {
    expect(suggestProductKey('Acme')).toBe('ACME');
    expect(suggestProductKey('Baton')).toBe('BATON');
    expect(suggestProductKey('Infrastructure')).toBe('INFRA');
    expect(suggestProductKey('Mobile App')).toBe('MA');
    expect(suggestProductKey('customer-portal redesign')).toBe('CPR');
    expect(suggestProductKey('a b c d e f g h i j k l')).toBe('ABCDEFGHIJ');
  });

  it('drops accents and punctuation, starts with a letter, and always gives a valid key or nothing', () => {
    expect(suggestProductKey('Café Élan')).toBe('CE');
    expect(suggestProductKey('  acme, inc.  ')).toBe('AI');
    expect(suggestProductKey('3D Printer')).toBe('DP');
    expect(suggestProductKey('2024')).toBe('');
    expect(suggestProductKey('X')).toBe('XX');
    expect(suggestProductKey('日本')).toBe('');
    expect(suggestProductKey('')).toBe('');
    for (const name of ['Acme', 'Mobile App', '3D Printer', 'X', 'Café Élan', 'R2 D2', 'a1']) expect(ProductKey.safeParse(suggestProductKey(name)).success, name).toBe(true);
  });
});
