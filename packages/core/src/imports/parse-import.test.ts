import { readFileSync } from 'node:fs';
import { ImportInput, type ImportFormat } from '@baton/contracts';
import { describe, expect, it } from 'vitest';
import { parseImport } from './parse-import.ts';

const sample = (name: string) => readFileSync(new URL(`../../../../test/fixtures/imports/${name}`, import.meta.url), 'utf8');
const parse = (format: ImportFormat, content: string, extra: Record<string, unknown> = {}) => parseImport(ImportInput.parse({ productId: 'p', format, content, ...extra }));

describe('reading exports', () => {
  it('reads gh issue list JSON: state and reason, type from labels, comments, logins', () => {
    const { rows, problems } = parse('github', sample('github-issues.json'));
    expect(rows.map((r) => [r.externalId, r.type, r.status, r.assignee])).toEqual([
      ['41', 'bug', 'open', 'grace-h'],
      ['42', 'feature', 'done', null],
      ['43', 'task', 'wont_fix', 'octocat'],
    ]);
    expect(rows[0]!.comments).toEqual([{ author: 'ada', at: new Date('2026-10-02T09:15:00Z'), body: 'Reproduced on Safari 17.2, not on Chrome. cc @grace-h' }]);
    expect(rows[0]!.description).toContain('`Promise<Item[]>`');
    expect(rows[0]!.url).toBe('https://github.com/acme/tracker/issues/41');
    expect(problems).toEqual([{ line: 4, field: 'title', reason: 'is empty', skipped: true }]);
  });

  it("reads Linear's CSV: multi-line cells, comma-separated labels, priority words, links built from the workspace", () => {
    const { rows, problems } = parse('linear', sample('linear-export.csv'), { sourceUrl: 'https://linear.app/acme' });
    expect(rows.map((r) => [r.externalId, r.status, r.priority, r.labels, r.assignee, r.estimate])).toEqual([
      ['ENG-101', 'in_progress', 'critical', ['Bug', 'auth'], 'grace@acme.test', 3],
      ['ENG-102', 'open', 'low', ['Feature'], 'nobody@elsewhere.test', null],
      ['ENG-103', 'wont_fix', 'medium', [], null, 1],
      ['ENG-104', 'done', 'high', ['Docs'], null, 2],
    ]);
    expect(rows[0]!.description).toBe('Users with a cookie older than 30 days see a blank page.\n\nExpected: the login form.');
    expect(rows[0]!.url).toBe('https://linear.app/acme/issue/ENG-101');
    expect(rows[0]!.dueDate).toEqual(new Date('2026-12-20'));
    // ENG-101's description spans lines 2-4: rows are reported by the line they start on
    expect(rows.map((r) => r.line)).toEqual([2, 5, 6, 7]);
    expect(problems).toEqual([{ line: 7, field: 'dueDate', reason: '"not a date" is not a date and is not kept', skipped: false }]);
  });

  it("reads Jira's CSV: repeated Labels and Comment columns, dd/Mon/yy dates, issue types", () => {
    const { rows } = parse('jira', sample('jira-export.csv'), { sourceUrl: 'https://acme.atlassian.net/' });
    const shop7 = rows[0]!;
    expect([shop7.type, shop7.status, shop7.priority, shop7.labels, shop7.assignee, shop7.estimate]).toEqual(['bug', 'in_progress', 'critical', ['checkout', 'payments'], 'Grace Hopper', 5]);
    expect(shop7.dueDate).toEqual(new Date(Date.UTC(2026, 2, 30)));
    expect(shop7.url).toBe('https://acme.atlassian.net/browse/SHOP-7');
    expect(shop7.comments).toEqual([
      { author: '557058:f1a2b3', at: new Date(Date.UTC(2026, 2, 13, 10, 12)), body: 'Confirmed on staging; the discount is applied after tax.' },
      { author: '557058:c4d5e6', at: new Date(Date.UTC(2026, 2, 14, 8, 30)), body: 'Fix is in review.' },
    ]);
    expect(rows.map((r) => [r.externalId, r.type, r.status])).toEqual([
      ['SHOP-7', 'bug', 'in_progress'],
      ['SHOP-8', 'feature', 'open'],
      ['SHOP-9', 'task', 'done'],
      ['SHOP-9', 'task', 'done'],
    ]);
  });

  it('maps a plain CSV by guessing from headers, or as chosen', () => {
    const guessed = parse('csv', sample('plain.csv'));
    expect(guessed.mapping).toMatchObject({ Key: 'externalId', Summary: 'title', Kind: 'type', State: 'status', Severity: 'priority', Tags: 'labels', Owner: 'assignee', Notes: 'description', Due: 'dueDate' });
    expect(guessed.rows.map((r) => [r.externalId, r.title, r.type, r.status, r.priority, r.labels])).toEqual([
      ['T-1', 'Write the onboarding guide', 'task', 'open', 'high', ['docs', 'onboarding']],
      ['T-2', 'Crash when the title has an emoji 🎉', 'bug', 'done', 'critical', []],
    ]);
    expect(guessed.rows[1]!.description).toBe('Fixed in 2.0.1, see "Release notes".');
    expect(guessed.problems).toEqual([{ line: 4, field: 'title', reason: 'is empty', skipped: true }]);
    const chosen = parse('csv', sample('plain.csv'), { mapping: { Notes: 'title', Summary: 'ignore' } });
    expect(chosen.rows.map((r) => r.title)).toEqual(['First draft by Friday.', 'Fixed in 2.0.1, see "Release notes".', 'No title: skipped.']);
  });

  it('reports unknown words instead of guessing silently', () => {
    const { rows, problems } = parse('csv', 'Title,Status,Priority\nA,Parked,Whenever\n');
    expect([rows[0]!.status, rows[0]!.priority]).toEqual(['open', 'medium']);
    expect(problems.map((p) => p.reason)).toEqual(['"Parked" is not a known status; open is used', '"Whenever" is not a known priority; medium is used']);
  });

  it.each([
    ['github', 'not json', /content: is not JSON/],
    ['github', '{"number":1}', /content: must be the JSON array/],
    ['jira', 'Title,Status\nA,Open\n', /content: is not a Jira CSV export: it has no "Summary", "Issue key" column/],
    ['linear', 'ID,Title,Status\n"ENG-1,Broken quote\n', /content: is not a readable CSV file/],
    ['csv', 'Foo,Bar\n1,2\n', /mapping: maps no column to title/],
  ] as const)('refuses a %s file that is not one: %s', (format, content, error) => {
    expect(() => parse(format, content)).toThrow(error);
  });

  it('refuses a mapping that names a column the file lacks', () => {
    expect(() => parse('csv', 'Title\nA\n', { mapping: { Name: 'title' } })).toThrow(/mapping: names "Name", which the file has no column for/);
  });
});
