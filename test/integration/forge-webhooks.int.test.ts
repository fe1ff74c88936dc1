import { branchName, forgeWebhookPath, type Forge } from '@baton/contracts';
import * as core from '@baton/core';
import { describe, expect, it } from 'vitest';
import { buildTeam, useApiServer } from '../support/api-server.ts';
import { deliverGitea, deliverGitlab, giteaPullRequest, giteaStatus, gitlabMergeRequest, gitlabPipeline } from '../support/forge-payloads.ts';

// Gitea and GitLab in, over real HTTP with their documented example payloads (test/fixtures/forges): each forge's
// proof, then the one shared handler (docs/forges.md) links, moves through the one status rule, comments and logs.

const api = useApiServer();
let numbers = 500;

/** A team whose product has `forge` set up through the API, and a way to make open items with their Baton branch. */
async function setUp(forge: Forge) {
  const team = await buildTeam(api());
  const owner = await team.person('owner');
  const configured = await owner.client.integrations[forge].configure.mutate({ productId: team.productId, generateSecret: true });
  const secret = configured.newSecret!;
  const url = `${api().url}${forgeWebhookPath(forge, team.product.key)}`;
  const newItem = async (title = 'Login fails on Safari') => {
    const item = await core.createItem(team.owner, { productId: team.productId, type: 'bug', title });
    return { ...item, branch: branchName({ key: item.key, number: item.number, type: 'bug', title }) };
  };
  const itemNow = (id: string) =>
    api().db.item.findUniqueOrThrow({ where: { id }, select: { status: true, commentCount: true, pullRequests: { select: { url: true, status: true, number: true, checkName: true, checkConclusion: true } } } });
  const comments = async (id: string) => (await core.listComments(team.owner, { productId: team.productId, ref: id })).items.map((c) => c.body);
  const movedBy = async (id: string) =>
    (await api().db.activityEvent.findMany({ where: { itemId: id, action: 'status_changed' }, orderBy: { seq: 'asc' }, select: { after: true, actorName: true } })).map((h) => [
      h.actorName,
      (h.after as { status: string }).status,
    ]);
  const deliveries = () => api().db.webhookDelivery.count({ where: { productId: team.productId } });
  return { team, owner, secret, url, newItem, itemNow, comments, movedBy, deliveries };
}

describe('Gitea webhooks', () => {
  it('is configured through the API apart from GitHub, and answers the secret once', async () => {
    const { owner, team, secret } = await setUp('gitea');
    const got = await owner.client.integrations.gitea.get.query({ productId: team.productId });
    expect(got).toMatchObject({ forge: 'gitea', configured: true, webhookPath: `/api/webhooks/gitea/${team.product.key}`, statusMapping: { opened: 'in_progress', merged: 'done' } });
    expect(JSON.stringify(got)).not.toContain(secret);
    expect(await owner.client.integrations.github.get.query({ productId: team.productId })).toMatchObject({ forge: 'github', configured: false });
  });

  it('moves an item to in progress when its Baton branch opens a PR, and to done with a comment when it merges', async () => {
    const { url, secret, newItem, itemNow, comments, movedBy } = await setUp('gitea');
    const item = await newItem();
    const number = ++numbers;
    const opened = await deliverGitea(url, 'pull_request', giteaPullRequest('opened', { number, branch: item.branch }), { secret });
    expect(opened.status).toBe(200);
    expect(opened.body.changes).toEqual(expect.arrayContaining([expect.objectContaining({ what: 'linked', detail: expect.stringContaining('the branch Baton issued') })]));
    expect(await itemNow(item.id)).toMatchObject({ status: 'in_progress', pullRequests: [{ number, status: 'open', url: `https://gitea.example.com/acme/tracker/pulls/${number}` }] });
    // Gitea's "synchronized" (a push) is GitHub's synchronize: the link stays open and nothing moves back
    expect((await deliverGitea(url, 'pull_request', giteaPullRequest('synchronized', { number, branch: item.branch }), { secret })).status).toBe(200);

    const merged = await deliverGitea(url, 'pull_request', giteaPullRequest('closed', { number, branch: item.branch, merged: true, base: 'main' }), { secret });
    expect(merged.status).toBe(200);
    expect(await itemNow(item.id)).toMatchObject({ status: 'done', commentCount: 1, pullRequests: [{ status: 'merged' }] });
    expect(await movedBy(item.id)).toEqual([
      ['Gitea', 'in_progress'],
      ['Gitea', 'done'],
    ]);
    expect((await comments(item.id))[0]).toContain('merged into `main`');
  });

  it('refuses a wrong or missing signature storing nothing, and a GitHub-style signature too', async () => {
    const { url, newItem, itemNow, deliveries } = await setUp('gitea');
    const item = await newItem();
    const pr = giteaPullRequest('opened', { number: ++numbers, branch: item.branch });
    expect((await deliverGitea(url, 'pull_request', pr, { secret: 'not-the-secret-at-all' })).status).toBe(401);
    expect((await deliverGitea(url, 'pull_request', pr, { secret: null })).status).toBe(401);
    const githubStyle = await fetch(url, { method: 'POST', headers: { 'x-gitea-event': 'pull_request', 'x-gitea-delivery': 'x', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` }, body: JSON.stringify(pr) });
    expect(githubStyle.status).toBe(401);
    expect(await deliveries()).toBe(0);
    expect((await itemNow(item.id)).status).toBe('open');
  });

  it('deduplicates by X-Gitea-Delivery, comments a failed commit status, and answers other methods 405', async () => {
    const { url, secret, newItem, itemNow, comments } = await setUp('gitea');
    const item = await newItem();
    const number = ++numbers;
    const opened = giteaPullRequest('opened', { number, branch: item.branch });
    expect((await deliverGitea(url, 'pull_request', opened, { secret, deliveryId: `gitea-dup-${number}` })).status).toBe(200);
    expect(await deliverGitea(url, 'pull_request', opened, { secret, deliveryId: `gitea-dup-${number}` })).toMatchObject({ status: 200, body: { duplicate: true } });

    // a passing status is the PR's latest check, without a comment; a failing one replaces it, with one
    expect((await deliverGitea(url, 'status', giteaStatus('success'), { secret })).status).toBe(200);
    expect(await itemNow(item.id)).toMatchObject({ commentCount: 0, pullRequests: [{ checkConclusion: 'success' }] });
    const failed = await deliverGitea(url, 'status', giteaStatus('failure'), { secret });
    expect(failed.status).toBe(200);
    expect(await itemNow(item.id)).toMatchObject({ commentCount: 1, pullRequests: [{ checkConclusion: 'failure' }] });
    const [comment] = await comments(item.id);
    expect(comment).toContain('CI failed');
    expect(comment).toContain('Failing after 41s');
    expect(comment).toContain('https://gitea.example.com/acme/tracker/actions/runs/55');

    const asked = await fetch(url);
    expect({ status: asked.status, allow: asked.headers.get('allow') }).toEqual({ status: 405, allow: 'POST' });
  });
});

describe('GitLab webhooks', () => {
  it('moves an item to in progress when a merge request opens, and to done with a comment when it merges', async () => {
    const { url, secret, newItem, itemNow, comments, movedBy, owner, team } = await setUp('gitlab');
    const item = await newItem();
    const iid = ++numbers;
    const opened = await deliverGitlab(url, gitlabMergeRequest('open', { iid, branch: item.branch }), { token: secret });
    expect(opened.status).toBe(200);
    expect(await itemNow(item.id)).toMatchObject({ status: 'in_progress', pullRequests: [{ number: iid, status: 'open', url: `https://gitlab.example.com/acme/tracker/-/merge_requests/${iid}` }] });
    // an update with new commits (oldrev) is a push: nothing moves back
    expect((await deliverGitlab(url, gitlabMergeRequest('update', { iid, branch: item.branch, oldrev: 'a'.repeat(40) }), { token: secret })).status).toBe(200);

    expect((await deliverGitlab(url, gitlabMergeRequest('merge', { iid, branch: item.branch }), { token: secret })).status).toBe(200);
    expect(await itemNow(item.id)).toMatchObject({ status: 'done', commentCount: 1, pullRequests: [{ status: 'merged' }] });
    expect(await movedBy(item.id)).toEqual([
      ['GitLab', 'in_progress'],
      ['GitLab', 'done'],
    ]);
    expect((await comments(item.id))[0]).toContain('merged into `main`');

    // the delivery log names the forge, keeps no token, and a replay changes nothing
    const log = await owner.client.integrations.deliveries.query({ productId: team.productId });
    const merge = log.items.find((d) => d.action === 'merge')!;
    expect(merge).toMatchObject({ provider: 'gitlab', event: 'Merge Request Hook', httpStatus: 200 });
    expect(Object.keys(merge.headers)).toContain('x-gitlab-event');
    expect(Object.keys(merge.headers)).not.toContain('x-gitlab-token');
    expect(await owner.client.integrations.replay.mutate({ productId: team.productId, deliveryId: merge.id })).toMatchObject({ replayCount: 1, result: 'replayed: nothing new' });
    expect(await itemNow(item.id)).toMatchObject({ status: 'done', commentCount: 1 });
  });

  it('keeps the status and comments when a merge request closes unmerged', async () => {
    const { url, secret, newItem, itemNow, comments } = await setUp('gitlab');
    const item = await newItem();
    const iid = ++numbers;
    await deliverGitlab(url, gitlabMergeRequest('open', { iid, branch: item.branch }), { token: secret });
    expect((await deliverGitlab(url, gitlabMergeRequest('close', { iid, branch: item.branch }), { token: secret })).status).toBe(200);
    expect(await itemNow(item.id)).toMatchObject({ status: 'in_progress', commentCount: 1, pullRequests: [{ status: 'closed' }] });
    expect((await comments(item.id))[0]).toContain('closed without merging');
  });

  it('refuses a wrong or missing token storing nothing, and a product set up for GitHub only', async () => {
    const { url, secret, newItem, itemNow, deliveries, owner, team } = await setUp('gitlab');
    const item = await newItem();
    const mr = gitlabMergeRequest('open', { iid: ++numbers, branch: item.branch });
    expect((await deliverGitlab(url, mr, { token: `${secret}x` })).status).toBe(401);
    expect((await deliverGitlab(url, mr, { token: secret.slice(0, -1) })).status).toBe(401);
    expect((await deliverGitlab(url, mr, { token: null })).status).toBe(401);
    // the GitHub secret of the same product proves nothing on the GitLab route, and the other way round
    const github = await owner.client.integrations.github.configure.mutate({ productId: team.productId, generateSecret: true });
    expect((await deliverGitlab(url, mr, { token: github.newSecret! })).status).toBe(401);
    expect(await deliveries()).toBe(0);
    expect((await itemNow(item.id)).status).toBe('open');
  });

  it('comments a failed pipeline on its merge request with the failed job and a link; a passing one is only its latest check', async () => {
    const { url, secret, newItem, itemNow, comments } = await setUp('gitlab');
    const item = await newItem();
    const iid = ++numbers;
    await deliverGitlab(url, gitlabMergeRequest('open', { iid, branch: item.branch }), { token: secret });
    expect((await deliverGitlab(url, gitlabPipeline('success', iid), { token: secret })).status).toBe(200);
    expect(await itemNow(item.id)).toMatchObject({ commentCount: 0, pullRequests: [{ checkConclusion: 'success' }] });
    const failed = await deliverGitlab(url, gitlabPipeline('failed', iid), { token: secret });
    expect(failed.status).toBe(200);
    expect(await itemNow(item.id)).toMatchObject({ commentCount: 1, pullRequests: [{ checkConclusion: 'failure' }] });
    const [comment] = await comments(item.id);
    expect(comment).toContain('CI failed');
    expect(comment).toContain('test/unit (script failure)');
    expect(comment).toContain('https://gitlab.example.com/acme/tracker/-/pipelines/4410');
  });

  it('deduplicates by X-Gitlab-Event-UUID, or by the body when GitLab sends no id; 405 for other methods', async () => {
    const { url, secret, newItem, deliveries } = await setUp('gitlab');
    const item = await newItem();
    const mr = gitlabMergeRequest('open', { iid: ++numbers, branch: item.branch });
    expect((await deliverGitlab(url, mr, { token: secret, eventUuid: `uuid-${numbers}` })).status).toBe(200);
    expect(await deliverGitlab(url, mr, { token: secret, eventUuid: `uuid-${numbers}` })).toMatchObject({ status: 200, body: { duplicate: true } });
    const edited = gitlabMergeRequest('update', { iid: numbers, branch: item.branch, title: 'Renamed' });
    expect((await deliverGitlab(url, edited, { token: secret, eventUuid: null })).status).toBe(200);
    expect(await deliverGitlab(url, edited, { token: secret, eventUuid: null })).toMatchObject({ status: 200, body: { duplicate: true } });
    expect(await deliveries()).toBe(2);
    expect((await deliverGitlab(url, { object_kind: 'merge_request' }, { token: secret })).status).toBe(400);
    expect((await deliverGitlab(url, { object_kind: 'push' }, { token: secret })).status).toBe(202);
    const asked = await fetch(url, { method: 'PUT' });
    expect({ status: asked.status, allow: asked.headers.get('allow') }).toEqual({ status: 405, allow: 'POST' });
  });
});
