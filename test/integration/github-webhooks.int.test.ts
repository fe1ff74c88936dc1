import { branchName, forgeWebhookPath } from '@baton/contracts';
import * as core from '@baton/core';
import { describe, expect, it } from 'vitest';
import { buildTeam, useApiServer } from '../support/api-server.ts';
import { checkRun, deliver, failedCheckRun, pullRequest, recorded } from '../support/github-payloads.ts';

// GitHub in, over real HTTP with real recorded payloads (docs/forges.md): signature, dedup, linking, the status
// moves (through the one status rule), comments, problems, the delivery log and replay.

const api = useApiServer();
let prNumbers = 100;

/** A team whose product has GitHub set up through the API, with one open item and its Baton branch. */
async function setUp(opts: { releaseBranches?: string[] } = {}) {
  const team = await buildTeam(api());
  const owner = await team.person('owner');
  const configured = await owner.client.integrations.github.configure.mutate({ productId: team.productId, generateSecret: true, releaseBranches: opts.releaseBranches ?? [] });
  const secret = configured.newSecret!;
  const url = `${api().url}${forgeWebhookPath('github', team.product.key)}`;
  const newItem = async (title = 'Login fails on Safari') => {
    const item = await core.createItem(team.owner, { productId: team.productId, type: 'bug', title });
    return { ...item, branch: branchName({ key: item.key, number: item.number, type: 'bug', title }) };
  };
  const itemNow = (id: string) =>
    api().db.item.findUniqueOrThrow({ where: { id }, select: { status: true, commentCount: true, pullRequests: { select: { url: true, status: true, number: true } } } });
  const deliveries = () => api().db.webhookDelivery.count({ where: { productId: team.productId } });
  return { team, owner, secret, url, newItem, itemNow, deliveries };
}

describe('GitHub webhooks', () => {
  it('answers a configured secret once, and never again', async () => {
    const { owner, team, secret } = await setUp();
    expect(secret.length).toBeGreaterThanOrEqual(16);
    const got = await owner.client.integrations.github.get.query({ productId: team.productId });
    expect(got).toMatchObject({ configured: true, webhookPath: forgeWebhookPath('github', team.product.key), statusMapping: { opened: 'in_progress', merged: 'done' } });
    expect(JSON.stringify(got)).not.toContain(secret);
    const again = await owner.client.integrations.github.configure.mutate({ productId: team.productId, releaseBranches: ['release/1.x'] });
    expect(again.newSecret).toBeNull();
    expect(JSON.stringify(again)).not.toContain(secret);
  });

  it('answers ping, and refuses a wrong or missing signature storing nothing', async () => {
    const { url, secret, deliveries } = await setUp();
    const zen = recorded('ping', undefined);
    expect(await deliver(url, 'ping', zen, { secret })).toMatchObject({ status: 200, body: { result: 'pong' } });
    expect((await deliver(url, 'ping', zen, { secret: 'not-the-secret-at-all' })).status).toBe(401);
    expect((await deliver(url, 'ping', zen, { secret: null })).status).toBe(401);
    expect((await deliver(`${url}X`, 'ping', zen, { secret })).status).toBe(401);
    expect(await deliveries()).toBe(1);
  });

  it('moves an item to in progress when its Baton branch opens a PR, and to done with a comment when it merges', async () => {
    const { url, secret, newItem, itemNow, team } = await setUp();
    const item = await newItem();
    const number = ++prNumbers;
    const opened = await deliver(url, 'pull_request', pullRequest('opened', { number, branch: item.branch }), { secret });
    expect(opened.status).toBe(200);
    expect(opened.body.changes).toEqual(
      expect.arrayContaining([expect.objectContaining({ what: 'linked', detail: expect.stringContaining('the branch Baton issued') }), expect.objectContaining({ what: 'status' })]),
    );
    expect(await itemNow(item.id)).toMatchObject({ status: 'in_progress', pullRequests: [{ number, status: 'open' }] });

    const merged = await deliver(url, 'pull_request', pullRequest('closed', { number, branch: item.branch, merged: true, base: 'master' }), { secret });
    expect(merged.status).toBe(200);
    expect(await itemNow(item.id)).toMatchObject({ status: 'done', commentCount: 1, pullRequests: [{ status: 'merged' }] });
    // the one status rule wrote the history, attributed to GitHub
    const history = await api().db.activityEvent.findMany({ where: { itemId: item.id, action: 'status_changed' }, orderBy: { seq: 'asc' }, select: { after: true, actorName: true } });
    expect(history.map((h) => [h.actorName, (h.after as { status: string }).status])).toEqual([
      ['GitHub', 'in_progress'],
      ['GitHub', 'done'],
    ]);
    const [comment] = (await core.listComments(team.owner, { productId: team.productId, ref: item.id })).items;
    expect(comment?.body).toContain(`PR #${number}`);
    expect(comment?.body).toContain('merged into `master`');
  });

  it('links by the key in the title and closing words; link-only words link without moving', async () => {
    const { url, secret, newItem, itemNow } = await setUp();
    const [byTitle, byWords, byRef] = [await newItem('One'), await newItem('Two'), await newItem('Three')];
    const pr = pullRequest('opened', { number: ++prNumbers, branch: 'some-branch', title: `${byTitle.key}: speed up`, body: `Fixes ${byWords.key}. Part of ${byRef.key}.` });
    expect((await deliver(url, 'pull_request', pr, { secret })).status).toBe(200);
    expect((await itemNow(byTitle.id)).status).toBe('in_progress');
    expect((await itemNow(byWords.id)).status).toBe('in_progress');
    expect(await itemNow(byRef.id)).toMatchObject({ status: 'open', pullRequests: [{ status: 'open' }] });
  });

  it('keeps the status and comments when a PR closes unmerged or merges outside a release branch', async () => {
    const { url, secret, newItem, itemNow } = await setUp({ releaseBranches: ['release/2.x'] });
    const [closed, feature, release] = [await newItem('Closed'), await newItem('Feature'), await newItem('Release')];
    const send = (action: 'opened' | 'closed', i: typeof closed, n: number, extra: object = {}) =>
      deliver(url, 'pull_request', pullRequest(action, { number: n, branch: i.branch, ...extra }), { secret });
    const [n1, n2, n3] = [++prNumbers, ++prNumbers, ++prNumbers];
    for (const [i, n] of [[closed, n1], [feature, n2], [release, n3]] as const) await send('opened', i, n);
    await send('closed', closed, n1, { merged: false });
    await send('closed', feature, n2, { merged: true, base: 'feature-x' });
    await send('closed', release, n3, { merged: true, base: 'release/2.x' });
    expect(await itemNow(closed.id)).toMatchObject({ status: 'in_progress', commentCount: 1, pullRequests: [{ status: 'closed' }] });
    expect(await itemNow(feature.id)).toMatchObject({ status: 'in_progress', commentCount: 1, pullRequests: [{ status: 'merged' }] });
    expect(await itemNow(release.id)).toMatchObject({ status: 'done', commentCount: 1 });
  });

  it('ignores a duplicate delivery id, and survives merged-before-opened', async () => {
    const { url, secret, newItem, itemNow, owner, team } = await setUp();
    const item = await newItem();
    const number = ++prNumbers;
    const merged = pullRequest('closed', { number, branch: item.branch, merged: true, base: 'master' });
    expect((await deliver(url, 'pull_request', merged, { secret, deliveryId: `dup-${number}` })).status).toBe(200);
    const dup = await deliver(url, 'pull_request', merged, { secret, deliveryId: `dup-${number}` });
    expect(dup).toMatchObject({ status: 200, body: { duplicate: true } });
    expect(await itemNow(item.id)).toMatchObject({ status: 'done', commentCount: 1 });
    // the late "opened" neither reopens the merged link nor moves the done item back, and is no problem
    expect((await deliver(url, 'pull_request', pullRequest('opened', { number, branch: item.branch }), { secret })).status).toBe(200);
    expect(await itemNow(item.id)).toMatchObject({ status: 'done', commentCount: 1, pullRequests: [{ status: 'merged' }] });
    expect((await owner.client.integrations.problems.query({ productId: team.productId })).items).toEqual([]);
  });

  it('acts once on racing copies of one delivery', async () => {
    const { url, secret, newItem, itemNow, deliveries } = await setUp();
    const item = await newItem();
    const merged = pullRequest('closed', { number: ++prNumbers, branch: item.branch, merged: true, base: 'master' });
    const answers = await Promise.all(Array.from({ length: 4 }, () => deliver(url, 'pull_request', merged, { secret, deliveryId: `race-${prNumbers}` })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200]);
    expect(answers.filter((a) => a.body.duplicate)).toHaveLength(3);
    expect(await itemNow(item.id)).toMatchObject({ status: 'done', commentCount: 1 });
    expect(await deliveries()).toBe(1);
  });

  it('reports a PR naming a missing or finished item as a problem', async () => {
    const { url, secret, newItem, owner, team } = await setUp();
    const done = await newItem('Finished');
    await core.setItemStatus(team.owner, { productId: team.productId, ref: done.id, status: 'done' });
    await deliver(url, 'pull_request', pullRequest('opened', { number: ++prNumbers, branch: done.branch }), { secret });
    await deliver(url, 'pull_request', pullRequest('opened', { number: ++prNumbers, branch: `bug/${team.product.key.toLowerCase()}-9999-nothing` }), { secret });
    const problems = (await owner.client.integrations.problems.query({ productId: team.productId })).items;
    expect(problems.map((p) => [p.kind, p.itemKey]).sort()).toEqual([
      ['closed_item', done.key],
      ['missing_item', `${team.product.key}-9999`],
    ]);
    expect((await api().db.item.findUniqueOrThrow({ where: { id: done.id }, select: { status: true } })).status).toBe('done');
  });

  it('comments a failed check run on the linked PR with its summary and link, and keeps the latest result on the PR', async () => {
    const { url, secret, newItem, team } = await setUp();
    const item = await newItem();
    const number = ++prNumbers;
    await deliver(url, 'pull_request', pullRequest('opened', { number, branch: item.branch }), { secret });
    const res = await deliver(url, 'check_run', failedCheckRun(number), { secret });
    expect(res.status).toBe(200);
    const [comment] = (await core.listComments(team.owner, { productId: team.productId, ref: item.id })).items;
    expect(comment?.body).toContain('CI failed');
    expect(comment?.body).toContain('3 of 120 tests failed');
    expect(comment?.body).toContain('https://github.com/Codertocat/Hello-World/runs/');
    const check = async () => (await core.listPullRequests(team.owner, { productId: team.productId, ref: item.id }))[0]!.check;
    expect(await check()).toMatchObject({ conclusion: 'failure', url: expect.stringContaining('https://github.com/Codertocat/Hello-World/runs/') });
    // a run that passes afterwards replaces it, without a comment, as a pr_updated event (what live views listen to)
    expect((await deliver(url, 'check_run', checkRun(number, 'success'), { secret })).status).toBe(200);
    expect(await check()).toMatchObject({ conclusion: 'success' });
    expect((await core.listComments(team.owner, { productId: team.productId, ref: item.id })).items).toHaveLength(1);
    const events = await api().db.activityEvent.findMany({ where: { itemId: item.id, action: 'pr_updated' }, select: { after: true } });
    expect(events.map((e) => (e.after as { checkConclusion?: string }).checkConclusion)).toEqual(['failure', 'success']);
  });

  it('answers an unknown event 202 and an oversize body 413, never a 5xx', async () => {
    const { url, secret, deliveries } = await setUp();
    expect((await deliver(url, 'star', { action: 'created' }, { secret })).status).toBe(202);
    expect((await deliver(url, 'pull_request', { action: 'opened' }, { secret })).status).toBe(400);
    expect((await deliver(url, 'pull_request', null, { secret, body: 'not json {' })).status).toBe(400);
    const big = Buffer.alloc(5 * 1024 * 1024, 'a');
    expect((await deliver(url, 'pull_request', null, { secret, body: big })).status).toBe(413);
    expect(await deliveries()).toBe(3);
    const asked = await fetch(url);
    expect({ status: asked.status, allow: asked.headers.get('allow') }).toEqual({ status: 405, allow: 'POST' });
  });

  it('logs deliveries without secrets, keeps the newest 100, and replays idempotently', async () => {
    const { url, secret, newItem, itemNow, owner, team } = await setUp();
    const item = await newItem();
    const number = ++prNumbers;
    // the merge arrives, then an admin replays it twice: nothing moves or is written again
    await deliver(url, 'pull_request', pullRequest('closed', { number, branch: item.branch, merged: true, base: 'master' }), { secret, deliveryId: `log-${number}` });
    const log = await owner.client.integrations.deliveries.query({ productId: team.productId });
    const merged = log.items.find((d) => d.deliveryId === `log-${number}`)!;
    expect(merged).toMatchObject({ event: 'pull_request', action: 'closed', httpStatus: 200 });
    expect(Object.keys(merged.headers)).toContain('x-github-event');
    expect(Object.keys(merged.headers)).not.toContain('x-hub-signature-256');
    for (let i = 0; i < 2; i++) await owner.client.integrations.replay.mutate({ productId: team.productId, deliveryId: merged.id });
    const replayed = (await owner.client.integrations.deliveries.query({ productId: team.productId })).items.find((d) => d.id === merged.id)!;
    expect(replayed).toMatchObject({ replayCount: 2, result: 'replayed: nothing new' });
    expect(await itemNow(item.id)).toMatchObject({ status: 'done', commentCount: 1 });

    await api().db.webhookDelivery.createMany({
      data: Array.from({ length: 100 }, (_, i) => ({
        productId: team.productId, provider: 'github', deliveryId: `old-${i}`, event: 'ping', headers: {}, body: '{}', httpStatus: 200, result: 'pong', createdAt: new Date(Date.now() - 86_400_000 + i),
      })),
    });
    await deliver(url, 'ping', { zen: 'newest' }, { secret });
    expect(await api().db.webhookDelivery.count({ where: { productId: team.productId } })).toBe(100);
    const page = await owner.client.integrations.deliveries.query({ productId: team.productId, limit: 10 });
    expect(page.items[0]?.event).toBe('ping');
    expect(page.nextCursor).not.toBeNull();
  });
});
