import { describe, expect, it } from 'vitest';
import { DomainError } from '../../errors.ts';
import { itemWhereFromQuery } from './item-where.ts';
import { parseQuery, resolveQueryStates, type ParsedQuery, emptyQuery } from './parse-query.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const now = new Date('2026-03-15T12:00:00.000Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const ahead = (ms: number) => new Date(now.getTime() + ms);

/** Only the fields a test cares about; everything else must stay empty. */
const query = (fields: Partial<ParsedQuery>): ParsedQuery => ({ ...emptyQuery(), ...fields });

function errorOf(input: string): DomainError {
  try {
    // a product without named states: a status: value that names no status is unknown
    resolveQueryStates(parseQuery(input), []);
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    const err = e as DomainError;
    expect(err.code).toBe('BAD_QUERY');
    // the contract editors rely on: the token is exactly the text at the reported position
    const { position, token } = err.details as { position: number; token: string };
    expect(input.slice(position, position + token.length)).toBe(token);
    return err;
  }
  throw new Error(`expected "${input}" to be rejected`);
}

describe('parseQuery: free text', () => {
  it('returns an empty query for blank input', () => {
    expect(parseQuery('')).toEqual(query({}));
    expect(parseQuery(' \t\n ')).toEqual(query({}));
  });

  it('collects words and keeps quoted phrases whole', () => {
    expect(parseQuery('login  "exact phrase" crash')).toEqual(query({ text: ['login', 'exact phrase', 'crash'] }));
  });

  it('treats quoted terms with colons as text, not keys', () => {
    expect(parseQuery('"https://example.com/a" "10:30" "foo:bar"').text).toEqual(['https://example.com/a', '10:30', 'foo:bar']);
  });

  it('keeps a dash on free text (negation applies to key terms only)', () => {
    expect(parseQuery('-verbose').text).toEqual(['-verbose']);
  });

  it('ignores an empty quoted phrase', () => {
    expect(parseQuery('"" bug').text).toEqual(['bug']);
  });
});

describe('parseQuery: enum keys', () => {
  it('parses every is: value, case-insensitively for the key and value', () => {
    const q = parseQuery('is:open IS:Closed is:done is:public is:internal is:assigned is:unassigned');
    expect(q.is.map((c) => c.values[0])).toEqual(['open', 'closed', 'done', 'public', 'internal', 'assigned', 'unassigned']);
    expect(q.is.every((c) => !c.negated)).toBe(true);
  });

  it('negates and ORs comma lists', () => {
    expect(parseQuery('-is:open,assigned').is).toEqual([{ negated: true, values: ['open', 'assigned'] }]);
  });

  it('parses status with dashes or underscores', () => {
    expect(parseQuery('status:open,in-progress,in_progress,wont-fix -status:done').status).toEqual([
      { negated: false, values: ['open', 'in_progress', 'in_progress', 'wont_fix'] },
      { negated: true, values: ['done'] },
    ]);
  });

  it('parses type, visibility and source', () => {
    const q = parseQuery('type:bug,feature -type:task visibility:public source:user-submitted,auto_detected');
    expect(q.type).toEqual([
      { negated: false, values: ['bug', 'feature'] },
      { negated: true, values: ['task'] },
    ]);
    expect(q.visibility).toEqual([{ negated: false, values: ['public'] }]);
    expect(q.source).toEqual([{ negated: false, values: ['user_submitted', 'auto_detected'] }]);
  });
});

describe('parseQuery: priority', () => {
  it.each([
    ['priority:high', ['high']],
    ['priority:critical,high', ['critical', 'high']],
    ['priority:>=high', ['critical', 'high']],
    ['priority:>high', ['critical']],
    ['priority:<medium', ['low']],
    ['priority:<=medium', ['medium', 'low']],
    ['priority:>low', ['critical', 'high', 'medium']],
    ['priority:>critical', []],
  ])('%s selects %j', (input, values) => {
    expect(parseQuery(input).priority).toEqual([{ negated: false, values }]);
  });

  it('negates a comparison', () => {
    expect(parseQuery('-priority:>=high').priority).toEqual([{ negated: true, values: ['critical', 'high'] }]);
  });
});

describe('parseQuery: people, labels, milestones', () => {
  it('parses assignee keywords, emails and names', () => {
    expect(parseQuery('assignee:me,none assignee:Ann@Example.com assignee:"Ann Lee" -assignee:bob').assignee).toEqual([
      { negated: false, values: [{ kind: 'me' }, { kind: 'none' }] },
      { negated: false, values: [{ kind: 'email', email: 'Ann@Example.com' }] },
      { negated: false, values: [{ kind: 'name', name: 'Ann Lee' }] },
      { negated: true, values: [{ kind: 'name', name: 'bob' }] },
    ]);
  });

  it('treats quoted keywords as names', () => {
    expect(parseQuery('assignee:"me"').assignee).toEqual([{ negated: false, values: [{ kind: 'name', name: 'me' }] }]);
  });

  it('parses reporter', () => {
    expect(parseQuery('reporter:me reporter:ops@example.com').reporter).toEqual([
      { negated: false, values: [{ kind: 'me' }] },
      { negated: false, values: [{ kind: 'email', email: 'ops@example.com' }] },
    ]);
  });

  it('parses labels, with quoted names that may hold commas or spaces', () => {
    expect(parseQuery('label:bug,critical -label:"needs review","a,b"').label).toEqual([
      { negated: false, values: ['bug', 'critical'] },
      { negated: true, values: ['needs review', 'a,b'] },
    ]);
  });

  it('parses milestone names and none', () => {
    expect(parseQuery('milestone:"Q1 Release" -milestone:none milestone:"none"').milestone).toEqual([
      { negated: false, values: [{ kind: 'name', name: 'Q1 Release' }] },
      { negated: true, values: [{ kind: 'none' }] },
      { negated: false, values: [{ kind: 'name', name: 'none' }] },
    ]);
  });
});

describe('parseQuery: dates', () => {
  it('parses relative durations in every unit', () => {
    const q = parseQuery('created:>7d updated:<24h due:<=2w created:>=30m');
    expect(q.created).toEqual([
      { negated: false, kind: 'relative', op: '>', ms: 7 * DAY },
      { negated: false, kind: 'relative', op: '>=', ms: 30 * MINUTE },
    ]);
    expect(q.updated).toEqual([{ negated: false, kind: 'relative', op: '<', ms: 24 * HOUR }]);
    expect(q.due).toEqual([{ negated: false, kind: 'relative', op: '<=', ms: 14 * DAY }]);
  });

  it('parses absolute days, with or without a comparison', () => {
    expect(parseQuery('created:>=2026-01-01 -due:2026-02-28').created).toEqual([
      { negated: false, kind: 'day', op: '>=', day: '2026-01-01' },
    ]);
    expect(parseQuery('-due:2026-02-28').due).toEqual([{ negated: true, kind: 'day', op: '=', day: '2026-02-28' }]);
  });
});

describe('parseQuery: sort and combinations', () => {
  it.each(['priority-desc', 'priority-asc', 'created-desc', 'created-asc', 'updated-desc', 'updated-asc', 'due-asc', 'due-desc', 'number-asc', 'number-desc'])(
    'accepts sort:%s',
    (order) => {
      expect(parseQuery(`sort:${order}`).sort).toBe(order);
    },
  );

  it('parses a realistic mixed query', () => {
    expect(parseQuery('is:open label:bug,critical priority:>=high assignee:me sort:priority-desc "login page" crash')).toEqual(
      query({
        is: [{ negated: false, values: ['open'] }],
        label: [{ negated: false, values: ['bug', 'critical'] }],
        priority: [{ negated: false, values: ['critical', 'high'] }],
        assignee: [{ negated: false, values: [{ kind: 'me' }] }],
        sort: 'priority-desc',
        text: ['login page', 'crash'],
      }),
    );
  });
});

describe('parseQuery: errors', () => {
  it('names an unknown key with its position', () => {
    const err = errorOf('is:open foo:bar');
    expect(err.message).toBe('Unknown key "foo" at position 8; quote the term to search for it as text');
    expect(err.details).toMatchObject({ position: 8, token: 'foo' });
    expect(errorOf('-Foo:bar').details).toMatchObject({ position: 1, token: 'Foo' });
    expect(errorOf('https://example.com').details).toMatchObject({ position: 0, token: 'https' });
  });

  it('keeps a status: value that names no status as a state name, resolved against the product\'s states', () => {
    const review = { id: 's1', name: 'In review', category: 'in_progress' as const, isDefault: false, position: 1 };
    const q = resolveQueryStates(parseQuery('status:open,"in REVIEW"'), [review]);
    expect(q.status).toEqual([{ negated: false, values: ['open', { name: 'in REVIEW', start: 12, raw: '"in REVIEW"', state: review }] }]);
    expect(itemWhereFromQuery(q, { now: new Date(0) }).where.AND).toContainEqual({ OR: [{ status: { in: ['open'] } }, { stateId: { equals: 's1', not: null } }] });
    expect(errorOf('status:"In review"').details).toMatchObject({ position: 7, token: '"In review"' });
  });

  it('names an unknown enum value and lists the expected ones', () => {
    const err = errorOf('status:opn');
    expect(err.message).toBe('Unknown status "opn" at position 7; expected one of open, in_progress, done, closed, wont_fix, triage');
    expect(err.details).toEqual({ position: 7, token: 'opn', expected: ['open', 'in_progress', 'done', 'closed', 'wont_fix', 'triage'] });
    expect(errorOf('type:bug,epic').details).toMatchObject({ position: 9, token: 'epic' });
    expect(errorOf('is:stale').message).toMatch(/^Unknown is: value "stale" at position 3/);
    expect(errorOf('visibility:secret').details).toMatchObject({ position: 11, token: 'secret' });
    expect(errorOf('source:email').details).toMatchObject({ position: 7, token: 'email' });
  });

  it('rejects bad priorities and lists after a comparison', () => {
    expect(errorOf('priority:>=urgent').details).toMatchObject({ position: 11, token: 'urgent' });
    const err = errorOf('priority:>=high,low');
    expect(err.message).toBe('A priority comparison takes one value; extra value at position 16');
    expect(err.details).toMatchObject({ position: 16, token: 'low' });
  });

  it('points at an unterminated quote', () => {
    const err = errorOf('milestone:"Q1 Release');
    expect(err.message).toBe('Unterminated quote at position 10');
    expect(err.details).toMatchObject({ position: 10, token: '"Q1 Release' });
    expect(errorOf('bug "crash on').details).toMatchObject({ position: 4, token: '"crash on' });
  });

  it.each([
    ['created:>7x', 8, '>7x'],
    ['created:7d', 8, '7d'],
    ['updated:>2026-02-30', 8, '>2026-02-30'],
    ['due:>=1/1/2026', 4, '>=1/1/2026'],
    ['created:>7d,<2w', 8, '>7d,<2w'],
    ['created:>123456d', 8, '>123456d'],
  ])('rejects the date or duration in %s', (input, position, token) => {
    const err = errorOf(input);
    expect(err.message.startsWith(`Bad date or duration "${token}" at position ${position}; expected`)).toBe(true);
    expect(err.details).toMatchObject({ position, token });
  });

  it('rejects empty values, pointing at the term', () => {
    const err = errorOf('label:');
    expect(err.message).toBe('Empty value for "label" at position 0');
    expect(err.details).toEqual({ position: 0, token: 'label:' });
    expect(errorOf('is:open -label:bug,').details).toEqual({ position: 8, token: '-label:bug,' });
    expect(errorOf('milestone:""').details).toEqual({ position: 0, token: 'milestone:""' });
  });

  it('rejects a second, negated, listed or unknown sort', () => {
    const err = errorOf('is:open sort:due-asc sort:number-asc');
    expect(err.message).toBe('sort given twice at position 21');
    expect(err.details).toEqual({ position: 21, token: 'sort:number-asc' });
    expect(errorOf('-sort:due-asc').message).toBe('sort cannot be negated at position 0');
    expect(errorOf('sort:due-asc,number-asc').details).toEqual({ position: 13, token: 'number-asc' });
    expect(errorOf('sort:newest').message).toMatch(/^Unknown sort order "newest" at position 5; expected one of priority-desc/);
  });

  it('limits the input to 1000 characters', () => {
    expect(parseQuery('a'.repeat(1000)).text).toEqual(['a'.repeat(1000)]);
    const err = errorOf('a'.repeat(1001));
    expect(err.message).toBe('Query is longer than 1000 characters');
    expect(err.details).toEqual({ position: 1000, token: '' });
  });
});

// ideas waiting in triage are out of every query that does not ask for them by name
const UNTRIAGED = { status: { not: 'triage' } };

describe('itemWhereFromQuery', () => {
  const ctx = { meUserId: 'u1', now };
  const where = (input: string, c: Parameters<typeof itemWhereFromQuery>[1] = ctx) => itemWhereFromQuery(parseQuery(input), c).where;

  it('defaults to live items, most recently updated first, with an id tiebreaker', () => {
    expect(itemWhereFromQuery(parseQuery(''), ctx)).toEqual({
      where: { deletedAt: null, AND: [UNTRIAGED] },
      orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
    });
  });

  it('keeps ideas in triage out unless status:triage asks for them', () => {
    expect(where('status:triage').AND).toEqual([{ status: { in: ['triage'] } }]);
    expect(where('-status:triage').AND).toEqual([UNTRIAGED, { NOT: { status: { in: ['triage'] } } }]);
    expect(where('-status:done').AND).toEqual([UNTRIAGED, { NOT: { status: { in: ['done'] } } }]);
  });

  it('translates is:, labels, negated assignee and free text', () => {
    expect(where('is:open label:bug,critical -assignee:me crash')).toEqual({
      deletedAt: null,
      AND: [
        UNTRIAGED,
        { status: { notIn: ['done', 'closed', 'wont_fix', 'triage'] } },
        // the IS NOT NULL guard keeps unassigned items in a negated match
        { NOT: { assigneeUserId: { equals: 'u1', not: null } } },
        {
          OR: [
            { labels: { some: { label: { name: { equals: 'bug', mode: 'insensitive' } } } } },
            { labels: { some: { label: { name: { equals: 'critical', mode: 'insensitive' } } } } },
          ],
        },
        { OR: [{ title: { contains: 'crash', mode: 'insensitive' } }, { description: { contains: 'crash', mode: 'insensitive' } }] },
      ],
    });
  });

  it('matches me as the calling user or agent, and nothing when anonymous', () => {
    expect(where('assignee:me', { meUserId: 'u1', meAgentId: 'k1', now }).AND).toEqual([UNTRIAGED, 
      { OR: [{ assigneeUserId: { equals: 'u1', not: null } }, { assigneeAgentId: { equals: 'k1', not: null } }] },
    ]);
    expect(where('assignee:me', { now }).AND).toEqual([UNTRIAGED, { id: { in: [] } }]);
  });

  it('matches assignee none, email and name', () => {
    expect(where('assignee:none,ann@example.com assignee:bot').AND).toEqual([UNTRIAGED, 
      {
        OR: [
          { assigneeUserId: null, assigneeAgentId: null },
          { assigneeUserId: { not: null }, assigneeUser: { is: { email: { equals: 'ann@example.com', mode: 'insensitive' } } } },
        ],
      },
      {
        OR: [
          { assigneeUserId: { not: null }, assigneeUser: { is: { name: { contains: 'bot', mode: 'insensitive' } } } },
          { assigneeAgentId: { not: null }, assigneeAgent: { is: { name: { contains: 'bot', mode: 'insensitive' } } } },
        ],
      },
    ]);
  });

  it('matches a reporter email on accounts and public submissions', () => {
    expect(where('reporter:ops@example.com').AND).toEqual([UNTRIAGED, 
      {
        OR: [
          { reporterUserId: { not: null }, reporterUser: { is: { email: { equals: 'ops@example.com', mode: 'insensitive' } } } },
          { submitterEmail: { equals: 'ops@example.com', mode: 'insensitive', not: null } },
        ],
      },
    ]);
  });

  it('translates enums, priority comparisons and milestones', () => {
    expect(where('-status:done type:bug,task priority:>=high visibility:public source:user_submitted milestone:none -milestone:"Q1"').AND).toEqual([UNTRIAGED, 
      { NOT: { status: { in: ['done'] } } },
      { type: { in: ['bug', 'task'] } },
      { priority: { in: ['critical', 'high'] } },
      { visibility: { in: ['public'] } },
      { source: { in: ['user_submitted'] } },
      { milestoneId: null },
      { NOT: { milestoneId: { not: null }, milestone: { is: { name: { equals: 'Q1', mode: 'insensitive' } } } } },
    ]);
  });

  it('reads created/updated durations as age and due durations as time left', () => {
    expect(where('created:>7d updated:<24h updated:>=30m due:<7d -due:>1w').AND).toEqual([UNTRIAGED, 
      { createdAt: { lt: ago(7 * DAY) } }, // created more than 7 days ago
      { updatedAt: { gt: ago(24 * HOUR) } }, // updated within the last 24 hours
      { updatedAt: { lte: ago(30 * MINUTE) } },
      { dueDate: { lt: ahead(7 * DAY), not: null } }, // due within a week, overdue included
      { NOT: { dueDate: { gt: ahead(7 * DAY), not: null } } },
    ]);
  });

  it('compares absolute days as whole UTC days', () => {
    const jan1 = new Date('2026-01-01T00:00:00.000Z');
    const jan2 = new Date('2026-01-02T00:00:00.000Z');
    expect(where('created:2026-01-01 created:>2026-01-01 created:>=2026-01-01 created:<2026-01-01 created:<=2026-01-01').AND).toEqual([UNTRIAGED, 
      { createdAt: { gte: jan1, lt: jan2 } },
      { createdAt: { gte: jan2 } },
      { createdAt: { gte: jan1 } },
      { createdAt: { lt: jan1 } },
      { createdAt: { lt: jan2 } },
    ]);
  });

  it.each([
    // Prisma sorts enums in declaration order (critical first), so "most urgent first" is ascending
    ['priority-desc', { priority: 'asc' }],
    ['priority-asc', { priority: 'desc' }],
    ['created-asc', { createdAt: 'asc' }],
    ['updated-asc', { updatedAt: 'asc' }],
    ['due-asc', { dueDate: { sort: 'asc', nulls: 'last' } }],
    ['number-desc', { number: 'desc' }],
  ])('orders sort:%s and breaks ties by id', (order, first) => {
    expect(itemWhereFromQuery(parseQuery(`sort:${order}`), ctx).orderBy).toEqual([first, { id: 'desc' }]);
  });
});

describe('parseQuery: watching', () => {
  it('takes me, negated or not, and translates to the caller as a watcher', () => {
    expect(parseQuery('watching:me -watching:ME').watching).toEqual([
      { negated: false, values: ['me'] },
      { negated: true, values: ['me'] },
    ]);
    const { where } = itemWhereFromQuery(parseQuery('watching:me'), { meUserId: 'u1', now });
    expect(where.AND).toEqual([UNTRIAGED, { watchers: { some: { userId: 'u1' } } }]);
  });

  it('matches nothing for a caller who is not a person, and rejects anyone but me', () => {
    const { where } = itemWhereFromQuery(parseQuery('watching:me'), { meAgentId: 'k1', now });
    expect(where.AND).toEqual([UNTRIAGED, { id: { in: [] } }]);
    const err = errorOf('watching:someone');
    expect(err.details).toMatchObject({ position: 9, token: 'someone', expected: ['me'] });
  });
});
