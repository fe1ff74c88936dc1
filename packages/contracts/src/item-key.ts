// The grammar of product keys (BAT) and item keys (BAT-42), written once. The API's schemas, core's lookups, the
// CLI, the extension and the web app read and write keys through this module only. It imports nothing, so browser
// and extension bundles take it without zod: `import { parseItemKey } from '@baton/contracts/item-key'`.

/** 2 to 10 upper-case ASCII letters or digits, starting with a letter. */
export const PRODUCT_KEY_SOURCE = '[A-Z][A-Z0-9]{1,9}';
/** 1 to 999,999,999, no leading zero: always a PostgreSQL integer, never 0 or 007. */
export const ITEM_NUMBER_SOURCE = '[1-9][0-9]{0,8}';
/** An item key with no anchors and no groups, for larger patterns (a TODO comment, a URL path). */
export const ITEM_KEY_SOURCE = `${PRODUCT_KEY_SOURCE}-${ITEM_NUMBER_SOURCE}`;
export const ITEM_NUMBER_MAX = 999_999_999;

export const PRODUCT_KEY_PATTERN = new RegExp(`^${PRODUCT_KEY_SOURCE}$`);
export const ITEM_KEY_PATTERN = new RegExp(`^(${PRODUCT_KEY_SOURCE})-(${ITEM_NUMBER_SOURCE})$`);

const ITEM_KEY_ANY_CASE = new RegExp(ITEM_KEY_PATTERN.source, 'i');
const PRODUCT_KEY_ANY_CASE = new RegExp(PRODUCT_KEY_PATTERN.source, 'i');

export const PRODUCT_KEY_RULE = 'must be 2-10 upper-case letters or digits, starting with a letter';
export const ITEM_KEY_RULE = 'must look like BAT-42';

export type ItemKeyParts = { productKey: string; number: number };

/** `BAT-42` to its parts; anything else (lower case, spaces, `BAT-0`, `BAT-042`, ten digits) is null. */
export function parseItemKey(key: string): ItemKeyParts | null {
  const m = ITEM_KEY_PATTERN.exec(key);
  return m ? { productKey: m[1]!, number: Number(m[2]) } : null;
}

export const isItemKey = (text: string): boolean => ITEM_KEY_PATTERN.test(text);
export const isProductKey = (text: string): boolean => PRODUCT_KEY_PATTERN.test(text);

/** The key of item `number` of product `productKey`: the one way keys are written. */
export const formatItemKey = (productKey: string, number: number): string => `${productKey}-${number}`;

/**
 * A key as a person types it (` bat-42 `) in its canonical form (`BAT-42`), or null when it is not a key (then it
 * may be an id, which is case-sensitive and must not be upper-cased).
 */
export function readItemKey(text: string): string | null {
  const key = text.trim();
  // tested before upper-casing: `'ı'.toUpperCase()` is `I`, and a key is ASCII only
  return ITEM_KEY_ANY_CASE.test(key) ? key.toUpperCase() : null;
}

/** A product key as a person types it (` bat `) in its canonical form (`BAT`), or null. */
export function readProductKey(text: string): string | null {
  const key = text.trim();
  return PRODUCT_KEY_ANY_CASE.test(key) ? key.toUpperCase() : null;
}

/** Where a key stands in a text: `text.slice(start, end) === key`. */
export type ItemKeyAt = { key: string; start: number; end: number };

/**
 * Every item key written in `text` (code, a comment, a commit message), as keys are written: upper case, standing
 * as a word of its own (`BAT-42`, `(BAT-42)`, `#BAT-42`, `BAT-42:`; not `XBAT-42`, `BAT-42x` or `BAT-4200000000`).
 * With `productKeys`, only those products' keys, so `UTF-8` or `SHA-256` are not taken for items; without, any
 * well-formed key. At most `limit` keys, in order.
 */
export function itemKeysInText(text: string, productKeys?: readonly string[], limit = 1000): ItemKeyAt[] {
  const products = productKeys?.map((k) => readProductKey(k)).filter((k): k is string => k !== null);
  if (products?.length === 0) return [];
  const product = products ? `(?:${products.join('|')})` : PRODUCT_KEY_SOURCE;
  const pattern = new RegExp(`(?<![A-Za-z0-9_])${product}-${ITEM_NUMBER_SOURCE}(?![A-Za-z0-9_])`, 'g');
  const found: ItemKeyAt[] = [];
  for (const m of text.matchAll(pattern)) {
    if (found.length >= limit) break;
    found.push({ key: m[0], start: m.index, end: m.index + m[0].length });
  }
  return found;
}
