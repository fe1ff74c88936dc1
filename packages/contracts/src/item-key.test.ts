import { describe, expect, it } from 'vitest';
import { ItemKey, ProductKey } from './common.ts';
import {
  formatItemKey,
  isItemKey,
  isProductKey,
  ITEM_KEY_SOURCE,
  ITEM_NUMBER_MAX,
  itemKeysInText,
  parseItemKey,
  readItemKey,
  readProductKey,
} from './item-key.ts';

describe('item keys', () => {
  it('parses a canonical key into its product key and number', () => {
    expect(parseItemKey('BAT-42')).toEqual({ productKey: 'BAT', number: 42 });
    expect(parseItemKey('A1-1')).toEqual({ productKey: 'A1', number: 1 });
    expect(parseItemKey('ABCDEFGHIJ-999999999')).toEqual({ productKey: 'ABCDEFGHIJ', number: ITEM_NUMBER_MAX });
  });

  it('refuses what is not canonical: lower case, spaces, zero, leading zeros, sizes out of range', () => {
    for (const text of [
      'bat-42',
      'Bat-42',
      ' BAT-42',
      'BAT-42 ',
      'BAT - 42',
      'BAT-0',
      'BAT-042',
      'BAT--42',
      'BAT-',
      '-42',
      'B-42',
      '1AB-42',
      'ABCDEFGHIJK-1',
      'BAT-1000000000',
      'BAT-99999999999999999999',
      'BAT-4.2',
      'BAT-1e3',
      'BAT-42\n',
      'BÄT-42',
      'BAT-４２',
      '',
    ]) {
      expect(parseItemKey(text), text).toBeNull();
      expect(isItemKey(text), text).toBe(false);
      expect(ItemKey.safeParse(text).success, text).toBe(false);
    }
  });

  it('writes keys one way, and what it writes parses back', () => {
    expect(formatItemKey('BAT', 42)).toBe('BAT-42');
    for (const n of [1, 9, 10, 123_456, ITEM_NUMBER_MAX]) expect(parseItemKey(formatItemKey('XY9', n))).toEqual({ productKey: 'XY9', number: n });
  });

  it('reads a key as a person types it: trimmed and upper-cased, ASCII only', () => {
    expect(readItemKey(' bat-42 ')).toBe('BAT-42');
    expect(readItemKey('Bat-7\t')).toBe('BAT-7');
    expect(readItemKey('BAT-42')).toBe('BAT-42');
    // an id is not a key, and is never upper-cased
    expect(readItemKey('cmh0abc123xyz')).toBeNull();
    expect(readItemKey('bat-0')).toBeNull();
    expect(readItemKey('bat-1234567890')).toBeNull();
    // 'ı'.toUpperCase() is 'I' and 'ß' becomes 'SS': neither is a key letter
    expect(readItemKey('bıt-1')).toBeNull();
    expect(readItemKey('baß-1')).toBeNull();
  });

  it('checks and reads product keys with the same grammar', () => {
    expect(isProductKey('BAT')).toBe(true);
    expect(isProductKey('B2')).toBe(true);
    for (const text of ['B', 'bat', '2BA', 'ABCDEFGHIJK', 'BA-T', ' BAT']) {
      expect(isProductKey(text), text).toBe(false);
      expect(ProductKey.safeParse(text).success, text).toBe(false);
    }
    expect(readProductKey(' bat ')).toBe('BAT');
    expect(readProductKey('bıt')).toBeNull();
  });

  it('gives larger patterns an unanchored key without groups', () => {
    const todo = new RegExp(`TODO\\((${ITEM_KEY_SOURCE})\\)`);
    expect(todo.exec('// TODO(BAT-42): later')?.[1]).toBe('BAT-42');
    expect(todo.exec('// TODO(BAT-0): later')).toBeNull();
  });
});

describe('itemKeysInText', () => {
  const keys = (text: string, products?: string[]) => itemKeysInText(text, products).map((k) => [k.key, text.slice(k.start, k.end)]);
  it('finds keys standing as words in code, comments and commit messages, where they are', () => {
    expect(keys('// TODO(BAT-9): fix\nFixes #BAT-42, see BAT-7. (OPS-3)', ['BAT'])).toEqual([
      ['BAT-9', 'BAT-9'],
      ['BAT-42', 'BAT-42'],
      ['BAT-7', 'BAT-7'],
    ]);
    expect(keys('BAT-42: ship it', ['bat', 'OPS'])).toEqual([['BAT-42', 'BAT-42']]);
  });
  it('takes nothing that only looks like a key', () => {
    expect(keys('XBAT-42 BAT-42x BAT_1 BAT-0 BAT-042 BAT-1234567890 bat-42 BAT-', ['BAT'])).toEqual([]);
    // only the products asked for: encodings and hashes are not items
    expect(keys('UTF-8 and SHA-256', ['BAT'])).toEqual([]);
    expect(keys('UTF-8 and SHA-256')).toEqual([
      ['UTF-8', 'UTF-8'],
      ['SHA-256', 'SHA-256'],
    ]);
    expect(keys('BAT-1', ['not a key'])).toEqual([]);
  });
  it('stops at the limit', () => {
    expect(itemKeysInText('BAT-1 BAT-2 BAT-3', ['BAT'], 2).map((k) => k.key)).toEqual(['BAT-1', 'BAT-2']);
  });
});
