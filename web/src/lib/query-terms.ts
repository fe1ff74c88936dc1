import { keyedTerm, tokenizeQuery, unquote, type QueryToken, type SortOrder } from '@baton/contracts/query-tokens';

/**
 * The search box's query, split into terms by the very tokenizer the backend's parser uses, so the page can show
 * each term as a removable chip and swap the sort term. It never judges a term: the backend parses and reports
 * errors with their position (an unclosed quote here simply runs to the end).
 */
export type Term = { raw: string; start: number; key: string | null; value: string; negated: boolean };

/** The sorts the toolbar offers (every sort order of the query language; the column headers use them too). */
export const SORTS = [
  ['updated-desc', 'Last updated'],
  ['updated-asc', 'Least recently updated'],
  ['created-desc', 'Newest'],
  ['created-asc', 'Oldest'],
  ['priority-desc', 'Priority'],
  ['priority-asc', 'Priority, lowest first'],
  ['due-asc', 'Due date'],
  ['due-desc', 'Due date, latest first'],
  ['number-desc', 'Number'],
  ['number-asc', 'Number, lowest first'],
] as const satisfies readonly (readonly [SortOrder, string])[];
export type Sort = (typeof SORTS)[number][0];
export const isSort = (s: string): s is Sort => SORTS.some(([v]) => v === s);

export const splitTerms = (q: string): Term[] => tokenizeQuery(q).tokens.map(describe);

function describe(token: QueryToken): Term {
  const keyed = keyedTerm(token);
  if (!keyed) return { ...token, key: null, value: unquote(token.raw), negated: false };
  return { ...token, key: keyed.key.toLowerCase(), value: unquote(keyed.value.raw), negated: keyed.negated };
}

export const joinTerms = (terms: Term[]) => terms.map((t) => t.raw).join(' ');

/** The query without its sort term(s), and the sort it named (if any). */
export function splitSort(q: string): { rest: string; sort: string | null } {
  const terms = splitTerms(q);
  const sortTerm = terms.find((t) => t.key === 'sort');
  return { rest: joinTerms(terms.filter((t) => t.key !== 'sort')), sort: sortTerm?.value ?? null };
}

/** The query the backend runs: the box's text with the sort picked in the toolbar (which wins over a typed one). */
export function effectiveQuery(q: string, sort: string | null): string {
  if (!sort) return q.trim();
  return [splitSort(q).rest, `sort:${sort}`].filter(Boolean).join(' ');
}
