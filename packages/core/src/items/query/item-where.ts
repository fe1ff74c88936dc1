import { FINISHED_STATUSES, type ItemStatus } from '@baton/contracts';
import type { Prisma } from '@baton/db';
import type { Comparator, DateClause, IsValue, MilestoneRef, ParsedQuery, PersonRef, SortOrder, StateValue } from './parse-query.ts';

type Where = Prisma.ItemWhereInput;
type OrderBy = Prisma.ItemOrderByWithRelationInput;
/** productKeys: the product's key and former keys, so a typed item key (BAT-5) finds its item */
export type QueryContext = { meUserId?: string; meAgentId?: string; now: Date; productKeys?: string[] };

/*
 * Negation must be an exact complement: `-assignee:me` has to keep unassigned items. In SQL a comparison with
 * NULL is unknown and NOT(unknown) drops the row (Prisma documents this for `not`/`NOT`), so every comparison
 * on a nullable column or optional relation below is guarded with IS NOT NULL to make it plainly true or false.
 */
const NOT_NULL = { not: null };
const equalsSet = (value: string) => ({ equals: value, not: null });
const sameText = (value: string) => ({ equals: value, mode: 'insensitive' as const });
const containsText = (value: string) => ({ contains: value, mode: 'insensitive' as const });
const NOTHING: Where = { id: { in: [] } };
const UNTRIAGED: Where = { status: { not: 'triage' } };
const negatable = (c: { negated: boolean }, where: Where): Where => (c.negated ? { NOT: where } : where);

const anyOf = (wheres: Where[]): Where => (wheres.length === 0 ? NOTHING : wheres.length === 1 ? wheres[0]! : { OR: wheres });
// Postgres orders an enum by declaration order (critical, high, medium, low), so ascending is most urgent first.
const ORDER: Record<SortOrder, OrderBy> = {
  'priority-desc': { priority: 'asc' },
  'priority-asc': { priority: 'desc' },
  'created-desc': { createdAt: 'desc' },
  'created-asc': { createdAt: 'asc' },
  'updated-desc': { updatedAt: 'desc' },
  'updated-asc': { updatedAt: 'asc' },
  // items without a due date are the least interesting either way
  'due-asc': { dueDate: { sort: 'asc', nulls: 'last' } },
  'due-desc': { dueDate: { sort: 'desc', nulls: 'last' } },
  'number-asc': { number: 'asc' },
  'number-desc': { number: 'desc' },
};

/** Scoping to a product (and access checks) stay with the caller; this only translates the query. */
export function itemWhereFromQuery(q: ParsedQuery, ctx: QueryContext): { where: Where; orderBy: OrderBy[] } {
  const and: Where[] = [
    // ideas waiting in triage stay out of every list, board and queue unless a query asks for status:triage
    // (a negated status such as -status:done does not ask for them)
    ...(q.status.some((c) => !c.negated && c.values.includes('triage')) ? [] : [UNTRIAGED]),
    ...q.is.map((c) => negatable(c, anyOf(c.values.map(isWhere)))),
    ...q.status.map((c) => negatable(c, statusWhere(c.values))),
    ...q.type.map((c) => negatable(c, { type: { in: c.values } })),
    ...q.priority.map((c) => negatable(c, { priority: { in: c.values } })),
    ...q.visibility.map((c) => negatable(c, { visibility: { in: c.values } })),
    ...q.source.map((c) => negatable(c, { source: { in: c.values } })),
    ...q.assignee.map((c) => negatable(c, anyOf(c.values.map((ref) => assigneeWhere(ref, ctx))))),
    ...q.reporter.map((c) => negatable(c, anyOf(c.values.map((ref) => reporterWhere(ref, ctx))))),
    ...q.watching.map((c) => negatable(c, ctx.meUserId ? { watchers: { some: { userId: ctx.meUserId } } } : NOTHING)),
    ...q.label.map((c) => negatable(c, anyOf(c.values.map(labelWhere)))),
    ...q.milestone.map((c) => negatable(c, anyOf(c.values.map(milestoneWhere)))),
    ...q.created.map((c) => negatable(c, { createdAt: dateRange(c, ctx.now, 'age') })),
    ...q.updated.map((c) => negatable(c, { updatedAt: dateRange(c, ctx.now, 'age') })),
    ...q.due.map((c) => negatable(c, { dueDate: { ...dateRange(c, ctx.now, 'time-left'), ...NOT_NULL } })),
    ...q.text.map((t) => ({ OR: [{ title: containsText(t) }, { description: containsText(t) }, ...keyWhere(t, ctx)] })),
  ];
  // `id` last makes the order total, which cursor pagination needs to never skip or repeat an item.
  const orderBy: OrderBy[] = q.sort ? [ORDER[q.sort], { id: 'desc' }] : [{ updatedAt: 'desc' }, { id: 'desc' }];
  return { where: { deletedAt: null, AND: and }, orderBy };
}

/**
 * Statuses match their whole category; a named state only its items. A default state's items store a null
 * stateId (docs/status-changes.md), so it is matched by category and the null; the null guard keeps negation exact.
 */
function statusWhere(values: Array<ItemStatus | StateValue>): Where {
  const statuses = values.filter((v): v is ItemStatus => typeof v === 'string');
  const states = values.flatMap((v) => (typeof v === 'string' || !v.state ? [] : [v.state]));
  const byStatus: Where[] = statuses.length ? [{ status: { in: statuses } }] : [];
  const byState = states.map((s): Where => (s.isDefault ? { status: s.category, stateId: null } : { stateId: equalsSet(s.id) }));
  return anyOf([...byStatus, ...byState]);
}

/** A word that is a key of this product (any case) also matches the item with that number. */
function keyWhere(text: string, ctx: QueryContext): Where[] {
  const m = /^([a-z][a-z0-9]{1,9})-([1-9][0-9]{0,8})$/i.exec(text.trim());
  if (!m || !ctx.productKeys?.includes(m[1]!.toUpperCase())) return [];
  return [{ number: Number(m[2]) }];
}

function isWhere(value: IsValue): Where {
  switch (value) {
    case 'open':
      return { status: { notIn: [...FINISHED_STATUSES, 'triage'] } };
    case 'closed':
      return { status: { in: [...FINISHED_STATUSES] } };
    case 'done':
      return { status: 'done' };
    case 'public':
    case 'internal':
      return { visibility: value };
    case 'assigned':
      return { OR: [{ assigneeUserId: NOT_NULL }, { assigneeAgentId: NOT_NULL }] };
    case 'unassigned':
      return { assigneeUserId: null, assigneeAgentId: null };
  }
}

/** `me` is whichever identity is calling; with neither (anonymous), it matches nothing. */
function assigneeWhere(ref: PersonRef, ctx: QueryContext): Where {
  switch (ref.kind) {
    case 'me':
      return anyOf([
        ...(ctx.meUserId ? [{ assigneeUserId: equalsSet(ctx.meUserId) }] : []),
        ...(ctx.meAgentId ? [{ assigneeAgentId: equalsSet(ctx.meAgentId) }] : []),
      ]);
    case 'none':
      return { assigneeUserId: null, assigneeAgentId: null };
    case 'email':
      return { assigneeUserId: NOT_NULL, assigneeUser: { is: { email: sameText(ref.email) } } };
    case 'name':
      return anyOf([
        { assigneeUserId: NOT_NULL, assigneeUser: { is: { name: containsText(ref.name) } } },
        { assigneeAgentId: NOT_NULL, assigneeAgent: { is: { name: containsText(ref.name) } } },
      ]);
  }
}

/** Like assignee, but public submitters have no account: their typed name and email count too. */
function reporterWhere(ref: PersonRef, ctx: QueryContext): Where {
  switch (ref.kind) {
    case 'me':
      return anyOf([
        ...(ctx.meUserId ? [{ reporterUserId: equalsSet(ctx.meUserId) }] : []),
        ...(ctx.meAgentId ? [{ reporterAgentId: equalsSet(ctx.meAgentId) }] : []),
      ]);
    case 'none':
      return { reporterUserId: null, reporterAgentId: null };
    case 'email':
      return anyOf([
        { reporterUserId: NOT_NULL, reporterUser: { is: { email: sameText(ref.email) } } },
        { submitterEmail: { ...sameText(ref.email), ...NOT_NULL } },
      ]);
    case 'name':
      return anyOf([
        { reporterUserId: NOT_NULL, reporterUser: { is: { name: containsText(ref.name) } } },
        { reporterAgentId: NOT_NULL, reporterAgent: { is: { name: containsText(ref.name) } } },
        { submitterName: { ...containsText(ref.name), ...NOT_NULL } },
      ]);
  }
}

function labelWhere(name: string): Where {
  return { labels: { some: { label: { name: sameText(name) } } } };
}

function milestoneWhere(ref: MilestoneRef): Where {
  return ref.kind === 'none' ? { milestoneId: null } : { milestoneId: NOT_NULL, milestone: { is: { name: sameText(ref.name) } } };
}

type Range = { gt?: Date; gte?: Date; lt?: Date; lte?: Date };
const DAY_MS = 86_400_000;

/**
 * An age points into the past, so the comparison flips: `created:>7d` (older than 7 days) is createdAt < now-7d.
 * Time left points into the future and keeps it: `due:<7d` is dueDate < now+7d.
 */
function dateRange(c: DateClause, now: Date, meaning: 'age' | 'time-left'): Range {
  if (c.kind === 'relative') {
    const at = new Date(now.getTime() + (meaning === 'age' ? -c.ms : c.ms));
    return bound(meaning === 'age' ? FLIP[c.op] : c.op, at);
  }
  const start = new Date(`${c.day}T00:00:00.000Z`);
  const end = new Date(start.getTime() + DAY_MS);
  switch (c.op) {
    case '=':
      return { gte: start, lt: end };
    case '>':
      return { gte: end };
    case '>=':
      return { gte: start };
    case '<':
      return { lt: start };
    case '<=':
      return { lt: end };
  }
}

const FLIP: Record<Comparator, Comparator> = { '>': '<', '>=': '<=', '<': '>', '<=': '>=' };

function bound(op: Comparator, at: Date): Range {
  return op === '>' ? { gt: at } : op === '>=' ? { gte: at } : op === '<' ? { lt: at } : { lte: at };
}
