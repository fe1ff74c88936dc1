/**
 * The search box's query, split into terms the way the backend's parser splits it (whitespace outside double
 * quotes), so the page can show each term as a removable chip and swap the sort term. It never judges a term:
 * the backend parses and reports errors with their position.
 */
export type Term = { raw: string; start: number; key: string | null; value: string; negated: boolean };

export const SORTS = [
  ['updated-desc', 'Last updated'],
  ['created-desc', 'Newest'],
  ['created-asc', 'Oldest'],
  ['priority-desc', 'Priority'],
  ['due-asc', 'Due date'],
  ['number-desc', 'Number'],
] as const;
export type Sort = (typeof SORTS)[number][0];
export const isSort = (s: string): s is Sort => SORTS.some(([v]) => v === s);

export function splitTerms(q: string): Term[] {
  const terms: Term[] = [];
  let i = 0;
  while (i < q.length) {
    if (/\s/.test(q[i]!)) {
      i++;
      continue;
    }
    const start = i;
    let quoted = false;
    for (; i < q.length && (quoted || !/\s/.test(q[i]!)); i++) if (q[i] === '"') quoted = !quoted;
    terms.push(describe(q.slice(start, i), start));
  }
  return terms;
}

function describe(raw: string, start: number): Term {
  const negated = raw.startsWith('-');
  const body = negated ? raw.slice(1) : raw;
  const m = raw.startsWith('"') ? null : /^([a-zA-Z]+):(.*)$/s.exec(body);
  if (!m) return { raw, start, key: null, value: raw.replaceAll('"', ''), negated: false };
  return { raw, start, key: m[1]!.toLowerCase(), value: m[2]!.replaceAll('"', ''), negated };
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
