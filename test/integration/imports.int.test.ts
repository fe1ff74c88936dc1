import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildTeam, failure, settle, useApiServer } from '../support/api-server.ts';

// Bringing a team's work in from GitHub, Linear, Jira and plain CSV over real HTTP: preview writes nothing, run
// creates items with their state, labels, assignee, comments and link back, a re-run creates nothing twice (also
// when two runs race), and every unusable row is reported.

const api = useApiServer();
const sample = (name: string) => readFileSync(new URL(`../fixtures/imports/${name}`, import.meta.url), 'utf8');

async function team() {
  const t = await buildTeam(api());
  const pm = await t.person('owner');
  const itemCount = () => api().db.item.count({ where: { productId: t.productId } });
  return { ...t, pm, itemCount };
}

describe('imports', () => {
  it('previews a gh issue list export without writing, then imports it once', async () => {
    const t = await team();
    // a member whose name is the GitHub login: the only match a login allows
    const grace = await api().db.user.create({ data: { email: `grace-${randomUUID()}@example.test`, name: 'grace-h' } });
    await api().db.membership.create({ data: { userId: grace.id, organizationId: t.org.id, role: 'developer' } });
    const input = { productId: t.productId, format: 'github' as const, content: sample('github-issues.json') };

    const preview = await t.pm.client.imports.preview.mutate(input);
    expect(preview.counts).toEqual({ rows: 4, toCreate: 3, alreadyImported: 0, skipped: 1 });
    expect(preview.rows.map((r) => [r.externalId, r.assigneeUserId])).toEqual([['41', grace.id], ['42', null], ['43', null]]);
    expect(preview.problems).toEqual([
      { line: 3, field: 'assignee', reason: '"octocat" matches no member by email or name; left unassigned', skipped: false },
      { line: 4, field: 'title', reason: 'is empty', skipped: true },
    ]);
    expect(await t.itemCount()).toBe(0);

    const report = await t.pm.client.imports.run.mutate(input);
    expect(report.created.map((c) => c.externalId)).toEqual(['41', '42', '43']);
    const bug = await t.pm.client.items.get.query({ productId: t.productId, ref: report.created[0]!.key });
    expect(bug).toMatchObject({ type: 'bug', status: 'open', title: 'Board drag and drop fails on Safari', assignee: { id: grace.id }, commentCount: 1 });
    expect(bug.labels.map((l) => l.name).sort()).toEqual(['board', 'bug']);
    const done = await t.pm.client.items.get.query({ productId: t.productId, ref: report.created[1]!.key });
    expect([done.type, done.status, done.doneAt]).toEqual(['feature', 'done', expect.any(Date)]);
    const notPlanned = await t.pm.client.items.get.query({ productId: t.productId, ref: report.created[2]!.key });
    expect([notPlanned.status, notPlanned.assignee]).toEqual(['wont_fix', null]);
    expect(await t.pm.client.imports.origin.query({ productId: t.productId, ref: bug.key })).toEqual({ source: 'github', externalId: '41', url: 'https://github.com/acme/tracker/issues/41' });
    const comments = await t.pm.client.items.comments.list.query({ productId: t.productId, ref: bug.key });
    expect(comments.items[0]!.body).toBe('**ada** wrote on 2026-10-02 (imported):\n\nReproduced on Safari 17.2, not on Chrome. cc @grace-h');
    // the @name in an imported comment belongs to the other tracker: nobody here is notified of it
    expect(await api().db.notification.count({ where: { userId: grace.id } })).toBe(0);

    const again = await t.pm.client.imports.run.mutate(input);
    expect(again.created).toEqual([]);
    expect(again.alreadyImported.map((a) => a.key)).toEqual(report.created.map((c) => c.key));
    expect(await t.itemCount()).toBe(3);
  });

  it('imports Jira and Linear exports: assignees by email or unique name, repeated keys skipped, links from the site', async () => {
    const t = await team();
    const email = `grace-${randomUUID()}@example.test`;
    const grace = await api().db.user.create({ data: { email, name: 'Grace Hopper' } });
    await api().db.membership.create({ data: { userId: grace.id, organizationId: t.org.id, role: 'developer' } });

    const jira = await t.pm.client.imports.run.mutate({ productId: t.productId, format: 'jira', content: sample('jira-export.csv'), sourceUrl: 'https://acme.atlassian.net' });
    expect(jira.created.map((c) => c.externalId)).toEqual(['SHOP-7', 'SHOP-8', 'SHOP-9']);
    expect(jira.problems.map((p) => [p.field, p.skipped])).toEqual([['assignee', false], ['externalId', true]]);
    const shop7 = await t.pm.client.items.get.query({ productId: t.productId, ref: jira.created[0]!.key });
    expect(shop7).toMatchObject({ type: 'bug', status: 'in_progress', priority: 'critical', estimate: 5, assignee: { id: grace.id }, commentCount: 2 });
    expect(shop7.startedAt).toBeInstanceOf(Date);

    const linear = await t.pm.client.imports.run.mutate({ productId: t.productId, format: 'linear', content: sample('linear-export.csv').replaceAll('grace@acme.test', email) });
    expect(linear.created.map((c) => c.externalId)).toEqual(['ENG-101', 'ENG-102', 'ENG-103', 'ENG-104']);
    const eng101 = await t.pm.client.items.get.query({ productId: t.productId, ref: linear.created[0]!.key });
    expect(eng101).toMatchObject({ status: 'in_progress', priority: 'critical', assignee: { id: grace.id }, dueDate: new Date('2026-12-20') });
    // the same original id from another tool is another item: ids are per source
    expect(await t.itemCount()).toBe(7);
  });

  it('maps a plain CSV as chosen in the preview', async () => {
    const t = await team();
    const content = sample('plain.csv');
    const preview = await t.pm.client.imports.preview.mutate({ productId: t.productId, format: 'csv', content });
    expect(preview.columns).toEqual(['Key', 'Summary', 'Kind', 'State', 'Severity', 'Tags', 'Owner', 'Notes', 'Due']);
    const report = await t.pm.client.imports.run.mutate({ productId: t.productId, format: 'csv', content, mapping: { ...preview.mapping, Tags: 'ignore' } });
    expect(report.created.map((c) => c.externalId)).toEqual(['T-1', 'T-2']);
    const first = await t.pm.client.items.get.query({ productId: t.productId, ref: report.created[0]!.key });
    expect([first.title, first.priority, first.labels, first.dueDate]).toEqual(['Write the onboarding guide', 'high', [], new Date('2026-12-15')]);
  });

  it('two runs of one file at once import each original exactly once', async () => {
    const t = await team();
    const rows = Array.from({ length: 120 }, (_, i) => `R-${i},Row ${i}`).join('\n');
    const input = { productId: t.productId, format: 'csv' as const, content: `Id,Title\n${rows}\n` };
    const { ok, failed } = await settle([t.pm.client.imports.run.mutate(input), t.pm.client.imports.run.mutate(input)]);
    expect(failed).toEqual([]);
    expect(ok.flatMap((r) => r.created).length).toBe(120);
    expect(ok.flatMap((r) => r.alreadyImported).length).toBe(120);
    expect(await t.itemCount()).toBe(120);
    const numbers = (await api().db.item.findMany({ where: { productId: t.productId }, select: { number: true } })).map((i) => i.number);
    // a batch that lost the race rolled back whole: no numbers were used up by it
    expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
  });

  it('refuses bad input with the field and the reason, and developers cannot import', async () => {
    const t = await team();
    const bad = (extra: Record<string, unknown>) => failure(t.pm.client.imports.preview.mutate({ productId: t.productId, format: 'csv', content: 'Title\nA\n', ...extra } as never));
    expect(await bad({ colour: 'red' })).toMatchObject({ status: 400, message: expect.stringMatching(/colour/) });
    expect(await bad({ format: 'trello' })).toMatchObject({ status: 400, message: expect.stringMatching(/format/) });
    expect(await bad({ content: '' })).toMatchObject({ status: 400, message: expect.stringMatching(/content: is empty/) });
    expect(await bad({ mapping: { Title: 'colour' } })).toMatchObject({ status: 400, message: expect.stringMatching(/mapping/) });
    expect(await bad({ format: 'github', mapping: { Title: 'title' } })).toMatchObject({ status: 400, message: expect.stringMatching(/mapping: is for plain CSV files/) });
    expect(await bad({ content: `Title\n${'x\n'.repeat(2_001)}` })).toMatchObject({ status: 400, message: expect.stringMatching(/import at most 2000/) });
    const dev = await t.person('developer');
    expect(await failure(dev.client.imports.run.mutate({ productId: t.productId, format: 'csv', content: 'Title\nA\n' }))).toMatchObject({ status: 403 });
    expect(await t.itemCount()).toBe(0);
  });
});
