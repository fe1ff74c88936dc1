import {
  ItemPriority,
  ItemSource,
  ItemStatus,
  ItemType,
  keyedTerm,
  LIMITS,
  PRIORITY_RANK,
  SORT_ORDERS,
  splitOutsideQuotes,
  tokenizeQuery,
  unquote,
  Visibility,
  resolveStateRef,
  type QueryToken,
  type SortOrder,
  type WorkflowState,
} from '@baton/contracts';
import { DomainError } from '../../errors.ts';

/** One `key:a,b` term: its values are ORed; separate terms (even with the same key) are ANDed. */
export type Clause<T> = { negated: boolean; values: T[] };

export const IS_VALUES = ['open', 'closed', 'done', 'public', 'internal', 'assigned', 'unassigned'] as const;
export type IsValue = (typeof IS_VALUES)[number];

const WATCHING_VALUES = ['me'] as const;

export type { SortOrder };

/** `me` and `none` are keywords only when unquoted, so `assignee:"none"` still finds a person named none. */
export type PersonRef = { kind: 'me' } | { kind: 'none' } | { kind: 'email'; email: string } | { kind: 'name'; name: string };
export type MilestoneRef = { kind: 'none' } | { kind: 'name'; name: string };

export type Comparator = '>' | '>=' | '<' | '<=';
/**
 * `relative`: a distance from "now" (resolved later, so parsing stays pure). For created/updated it is an age
 * (`>7d` = more than 7 days ago); for due it is the time left (`<7d` = due within 7 days, overdue included).
 * `day`: a UTC calendar day; `=` means within that day, `>` after it, `<=` up to its end.
 */
export type DateClause =
  | { negated: boolean; kind: 'relative'; op: Comparator; ms: number }
  | { negated: boolean; kind: 'day'; op: Comparator | '='; day: string };

/**
 * A `status:` value that names no status: a state's name ("In review"), matched against the product's states by
 * resolveQueryStates (parsing stays pure), which sets `state`.
 */
export type StateValue = { name: string; start: number; raw: string; state?: WorkflowState };

export type ParsedQuery = {
  is: Clause<IsValue>[];
  /** a status (`in_progress`, the whole category) or a state's name (`"In review"`, that state alone) */
  status: Clause<ItemStatus | StateValue>[];
  type: Clause<ItemType>[];
  /** Comparisons are expanded here: `priority:>=high` becomes values [critical, high]. */
  priority: Clause<ItemPriority>[];
  assignee: Clause<PersonRef>[];
  reporter: Clause<PersonRef>[];
  /** `watching:me`: items the caller watches (people only; watchers are people) */
  watching: Clause<'me'>[];
  label: Clause<string>[];
  milestone: Clause<MilestoneRef>[];
  visibility: Clause<Visibility>[];
  source: Clause<ItemSource>[];
  created: DateClause[];
  updated: DateClause[];
  due: DateClause[];
  sort: SortOrder | null;
  /** Free-text terms, each matched on its own (ANDed); quoted phrases stay whole. */
  text: string[];
};

const KEYS = [
  'is',
  'status',
  'type',
  'priority',
  'assignee',
  'reporter',
  'watching',
  'label',
  'milestone',
  'visibility',
  'source',
  'created',
  'updated',
  'due',
  'sort',
] as const;
type Key = (typeof KEYS)[number];

const UNITS_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
// At most 5 digits: 99999w is about 1,900 years, which keeps now ± duration a valid Date.
const RELATIVE = /^(>=|<=|>|<)(\d{1,5})([mhdw])$/;
const DAY = /^(>=|<=|>|<)?(\d{4}-\d{2}-\d{2})$/;
const DATE_FORMS = ['>7d', '<24h', '<=2w', '>30m', '2026-01-01', '>=2026-01-01'];

export function parseQuery(input: string): ParsedQuery {
  if (input.length > LIMITS.query) {
    throw bad(`Query is longer than ${LIMITS.query} characters`, LIMITS.query, '');
  }
  const { tokens, unclosedQuote } = tokenizeQuery(input);
  if (unclosedQuote !== null) throw bad(`Unterminated quote at position ${unclosedQuote}`, unclosedQuote, input.slice(unclosedQuote));
  const q = emptyQuery();
  for (const term of tokens) parseTerm(q, term);
  return q;
}

/** A query with no conditions: the base parseQuery fills in (tests build expectations on it too). */
export function emptyQuery(): ParsedQuery {
  return {
    is: [],
    status: [],
    type: [],
    priority: [],
    assignee: [],
    reporter: [],
    watching: [],
    label: [],
    milestone: [],
    visibility: [],
    source: [],
    created: [],
    updated: [],
    due: [],
    sort: null,
    text: [],
  };
}

function parseTerm(q: ParsedQuery, term: QueryToken): void {
  const keyed = keyedTerm(term);
  if (!keyed) {
    const text = unquote(term.raw);
    if (text) q.text.push(text);
    return;
  }
  const { negated, keyStart, value } = keyed;
  const key = keyed.key.toLowerCase();
  if (!isKey(key)) {
    const message = `Unknown key "${keyed.key}" at position ${keyStart}; quote the term to search for it as text`;
    throw bad(message, keyStart, keyed.key, KEYS);
  }
  const items = splitOutsideQuotes(value, ',');
  if (items.some((item) => unquote(item.raw).trim() === '')) {
    throw bad(`Empty value for "${key}" at position ${term.start}`, term.start, term.raw);
  }
  if (key === 'sort') {
    if (negated) throw bad(`sort cannot be negated at position ${term.start}`, term.start, term.raw);
    if (q.sort) throw bad(`sort given twice at position ${term.start}`, term.start, term.raw);
    if (items[1]) throw bad(`sort takes one value at position ${items[1].start}`, items[1].start, items[1].raw);
    q.sort = oneOf('sort order', SORT_ORDERS, value);
    return;
  }
  if (key === 'created' || key === 'updated' || key === 'due') {
    q[key].push(parseDate(value, negated));
    return;
  }
  const clause = <T>(values: T[]): Clause<T> => ({ negated, values });
  switch (key) {
    case 'is':
      q.is.push(clause(items.map((s) => oneOf('is: value', IS_VALUES, s))));
      break;
    case 'status':
      q.status.push(clause(items.map(statusValue)));
      break;
    case 'type':
      q.type.push(clause(items.map((s) => oneOf('type', ItemType.options, s))));
      break;
    case 'priority':
      q.priority.push(clause(parsePriority(items)));
      break;
    case 'assignee':
    case 'reporter':
      q[key].push(clause(items.map(parsePerson)));
      break;
    case 'watching':
      q.watching.push(clause(items.map((s) => oneOf('watching: value', WATCHING_VALUES, s))));
      break;
    case 'label':
      q.label.push(clause(items.map((s) => unquote(s.raw).trim())));
      break;
    case 'milestone':
      q.milestone.push(clause(items.map(parseMilestone)));
      break;
    case 'visibility':
      q.visibility.push(clause(items.map((s) => oneOf('visibility', Visibility.options, s))));
      break;
    case 'source':
      q.source.push(clause(items.map((s) => oneOf('source', ItemSource.options, s))));
      break;
  }
}

/** A status's identifier (any case, dashes for underscores) is the status; anything else a state's name. */
function statusValue(s: QueryToken): ItemStatus | StateValue {
  const text = unquote(s.raw).trim();
  const status = ItemStatus.options.find((o) => o === text.toLowerCase().replaceAll('-', '_'));
  return status ?? { name: text, start: s.start, raw: s.raw };
}

/**
 * Matches the state names of `status:` against the product's states (resolveStateRef, the one resolution): an
 * unknown name is BAD_QUERY at its position, naming the statuses and states it could have been.
 */
export function resolveQueryStates(q: ParsedQuery, states: readonly WorkflowState[]): ParsedQuery {
  const status = q.status.map((c) => ({
    ...c,
    values: c.values.map((v) => {
      if (typeof v === 'string') return v;
      const state = resolveStateRef(states, v.name)?.state;
      if (state) return { ...v, state };
      const expected = [...ItemStatus.options, ...states.map((s) => s.name)];
      throw bad(`Unknown status "${v.name}" at position ${v.start}; expected one of ${expected.join(', ')}`, v.start, v.raw, expected);
    }),
  }));
  return { ...q, status };
}

/** Whether the query names a state (so the product's states must be read to resolve it). */
export const namesStates = (q: ParsedQuery) => q.status.some((c) => c.values.some((v) => typeof v !== 'string'));

/** Enum values are case-insensitive and accept dashes for underscores (`in-progress`); sort orders keep their dashes. */
function oneOf<T extends string>(what: string, options: readonly T[], s: QueryToken): T {
  const text = unquote(s.raw).trim();
  const normal = what === 'sort order' ? text.toLowerCase() : text.toLowerCase().replaceAll('-', '_');
  const found = options.find((o) => o === normal);
  if (found) return found;
  throw bad(`Unknown ${what} "${text}" at position ${s.start}; expected one of ${options.join(', ')}`, s.start, s.raw, options);
}

function parsePriority(items: QueryToken[]): ItemPriority[] {
  const [first, second] = items as [QueryToken, ...QueryToken[]];
  const m = /^(>=|<=|>|<)/.exec(first.raw);
  if (!m) return items.map((s) => oneOf('priority', ItemPriority.options, s));
  if (second) throw bad(`A priority comparison takes one value; extra value at position ${second.start}`, second.start, second.raw);
  const op = m[1] as Comparator;
  const rank = PRIORITY_RANK[oneOf('priority', ItemPriority.options, { raw: first.raw.slice(op.length), start: first.start + op.length })];
  return ItemPriority.options.filter((p) => compare(PRIORITY_RANK[p], op, rank));
}

function parsePerson(s: QueryToken): PersonRef {
  const text = unquote(s.raw).trim();
  const keyword = s.raw.includes('"') ? '' : text.toLowerCase();
  if (keyword === 'me' || keyword === 'none') return { kind: keyword };
  return text.includes('@') ? { kind: 'email', email: text } : { kind: 'name', name: text };
}

function parseMilestone(s: QueryToken): MilestoneRef {
  const text = unquote(s.raw).trim();
  return !s.raw.includes('"') && text.toLowerCase() === 'none' ? { kind: 'none' } : { kind: 'name', name: text };
}

/** Dates take the whole value (a comma is simply malformed); ranges are two terms: `created:>=… created:<…`. */
function parseDate(value: QueryToken, negated: boolean): DateClause {
  const text = unquote(value.raw).toLowerCase();
  const rel = RELATIVE.exec(text);
  if (rel) {
    const ms = Number(rel[2]) * UNITS_MS[rel[3] as keyof typeof UNITS_MS];
    return { negated, kind: 'relative', op: rel[1] as Comparator, ms };
  }
  const day = DAY.exec(text);
  if (day && isRealDay(day[2]!)) return { negated, kind: 'day', op: (day[1] as Comparator | undefined) ?? '=', day: day[2]! };
  const message =
    `Bad date or duration "${unquote(value.raw)}" at position ${value.start}; ` +
    'expected a comparison with a duration in m, h, d or w (>7d, <24h) or a date (2026-01-01, >=2026-01-01)';
  throw bad(message, value.start, value.raw, DATE_FORMS);
}

function isRealDay(day: string): boolean {
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(day);
}

function compare(a: number, op: Comparator, b: number): boolean {
  return op === '>' ? a > b : op === '>=' ? a >= b : op === '<' ? a < b : a <= b;
}

const isKey = (key: string): key is Key => (KEYS as readonly string[]).includes(key);

/** `token` is always `input.slice(position, position + token.length)`, so editors can underline it. */
function bad(message: string, position: number, token: string, expected?: readonly string[]): DomainError {
  return new DomainError('BAD_QUERY', message, { position, token, ...(expected && { expected: [...expected] }) });
}
