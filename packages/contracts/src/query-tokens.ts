// How an item search query splits into terms, written once: core's parser judges the terms, and the web app's
// search box shows the same terms as chips. Pure and without imports, so browser code takes it without zod:
// `import { tokenizeQuery } from '@baton/contracts/query-tokens'`.

/** A piece of the query with its offset, so errors and chips can point at the exact characters. */
export type QueryToken = { raw: string; start: number };

/** The sort orders a query may name (`sort:priority-desc`); the first word is the field. */
export const SORT_ORDERS = [
  'priority-desc',
  'priority-asc',
  'created-desc',
  'created-asc',
  'updated-desc',
  'updated-asc',
  'due-asc',
  'due-desc',
  'number-asc',
  'number-desc',
] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/**
 * Whitespace separates terms except inside double quotes (no escapes: a phrase cannot contain `"`). A quote that
 * never closes runs to the end of the query; `unclosedQuote` says where it opened, for a parser that refuses it.
 */
export function tokenizeQuery(input: string): { tokens: QueryToken[]; unclosedQuote: number | null } {
  const tokens: QueryToken[] = [];
  let unclosedQuote: number | null = null;
  let i = 0;
  while (i < input.length) {
    if (/\s/.test(input[i]!)) {
      i++;
      continue;
    }
    const start = i;
    let openQuote = -1;
    for (; i < input.length && (openQuote >= 0 || !/\s/.test(input[i]!)); i++) {
      if (input[i] === '"') openQuote = openQuote >= 0 ? -1 : i;
    }
    if (openQuote >= 0) unclosedQuote ??= openQuote;
    tokens.push({ raw: input.slice(start, i), start });
  }
  return { tokens, unclosedQuote };
}

/** A `key:value` term: `-` in front negates it; `key` is as written (callers compare it lower-cased). */
export type KeyedTerm = { negated: boolean; key: string; keyStart: number; value: QueryToken };

/**
 * The key and value of a term, or null when the term is text: a term that starts with a quote is always text (so
 * `"https://x.io"` or `"10:30"` can be searched for), as is one with no colon outside quotes.
 */
export function keyedTerm(term: QueryToken): KeyedTerm | null {
  if (term.raw.startsWith('"')) return null;
  const negated = term.raw.startsWith('-');
  const body = negated ? term.raw.slice(1) : term.raw;
  const colon = indexOutsideQuotes(body, ':');
  if (colon < 0) return null;
  const keyStart = term.start + (negated ? 1 : 0);
  return { negated, key: body.slice(0, colon), keyStart, value: { raw: body.slice(colon + 1), start: keyStart + colon + 1 } };
}

export function indexOutsideQuotes(text: string, char: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === char && !quoted) return i;
  }
  return -1;
}

/** `a,"b,c",d` split on `char` outside quotes, each part with its own offset. */
export function splitOutsideQuotes(token: QueryToken, char: string): QueryToken[] {
  const parts: QueryToken[] = [];
  let rest = token;
  for (let at = indexOutsideQuotes(rest.raw, char); at >= 0; at = indexOutsideQuotes(rest.raw, char)) {
    parts.push({ raw: rest.raw.slice(0, at), start: rest.start });
    rest = { raw: rest.raw.slice(at + 1), start: rest.start + at + 1 };
  }
  parts.push(rest);
  return parts;
}

export const unquote = (raw: string): string => raw.replaceAll('"', '');
