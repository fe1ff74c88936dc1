import { readFileSync } from 'node:fs';
import { giteaSignature } from '@baton/core';

// Gitea and GitLab deliveries from the documented examples in test/fixtures/forges (see its README), pointed at a
// test item and sent as each forge sends them.

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fixtures are edited freely
const fixture = (name: string): Json => JSON.parse(readFileSync(new URL(`../fixtures/forges/${name}`, import.meta.url), 'utf8')) as Json;

/** Gitea's pull_request payload for PR `number` of acme/tracker: its action, head branch, base and merge state. */
export function giteaPullRequest(action: 'opened' | 'closed' | 'reopened' | 'synchronized', pr: { number: number; branch: string; base?: string; merged?: boolean; title?: string; body?: string }) {
  const p = fixture('gitea-pull-request.json');
  const url = `${p.repository.html_url}/pulls/${pr.number}`;
  p.action = action;
  p.number = pr.number;
  Object.assign(p.pull_request, { number: pr.number, html_url: url, url, merged: pr.merged ?? false, state: action === 'closed' ? 'closed' : 'open' });
  if (pr.merged) p.pull_request.merge_commit_sha = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';
  if (pr.title !== undefined) p.pull_request.title = pr.title;
  if (pr.body !== undefined) p.pull_request.body = pr.body;
  p.pull_request.head.ref = p.pull_request.head.label = pr.branch;
  if (pr.base) p.pull_request.base.ref = p.pull_request.base.label = pr.base;
  return p;
}

/** Gitea's commit status event for the head commit of giteaPullRequest(): `state` failure, error, success... */
export function giteaStatus(state: string) {
  const p = fixture('gitea-status.json');
  p.state = state;
  return p;
}

/** GitLab's merge request hook for MR `iid` of acme/tracker with `action` open, reopen, update, merge or close. */
export function gitlabMergeRequest(action: string, mr: { iid: number; branch: string; target?: string; title?: string; description?: string; oldrev?: string }) {
  const p = fixture('gitlab-merge-request.json');
  const a = p.object_attributes;
  Object.assign(a, { action, iid: mr.iid, source_branch: mr.branch, url: `${p.project.web_url}/-/merge_requests/${mr.iid}` });
  a.state = { merge: 'merged', close: 'closed' }[action] ?? 'opened';
  if (action === 'merge') a.merge_commit_sha = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';
  if (mr.target) a.target_branch = mr.target;
  if (mr.title !== undefined) a.title = mr.title;
  if (mr.description !== undefined) a.description = mr.description;
  if (mr.oldrev) a.oldrev = mr.oldrev;
  return p;
}

/** GitLab's pipeline hook for MR `iid` (or a branch pipeline with no MR when iid is null), with `status`. */
export function gitlabPipeline(status: string, iid: number | null) {
  const p = fixture('gitlab-pipeline.json');
  p.object_attributes.status = p.object_attributes.detailed_status = status;
  if (iid === null) p.merge_request = null;
  else Object.assign(p.merge_request, { iid, url: `${p.project.web_url}/-/merge_requests/${iid}` });
  return p;
}

export type Answer = { status: number; body: { result: string; duplicate?: boolean; changes?: { itemKey: string; what: string; detail: string }[] } };

let sent = 0;
const uuid = () => `00000000-0000-4000-8000-${String(process.pid).padStart(6, '0')}${String(++sent).padStart(6, '0')}`;

async function post(url: string, headers: Record<string, string>, body: string): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

/** POSTs like Gitea: X-Gitea-Event and X-Gitea-Delivery, and X-Gitea-Signature over the exact body (unless null). */
export function deliverGitea(url: string, event: string, payload: unknown, opts: { secret: string | null; deliveryId?: string }): Promise<Answer> {
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = { 'user-agent': 'Go-http-client/1.1', 'x-gitea-event': event, 'x-gitea-delivery': opts.deliveryId ?? uuid() };
  if (opts.secret !== null) headers['x-gitea-signature'] = giteaSignature(opts.secret, Buffer.from(body));
  return post(url, headers, body);
}

const GITLAB_EVENTS: Record<string, string> = { merge_request: 'Merge Request Hook', pipeline: 'Pipeline Hook' };

/** POSTs like GitLab: X-Gitlab-Event in words, X-Gitlab-Token (unless null) and X-Gitlab-Event-UUID (unless null). */
export function deliverGitlab(url: string, payload: Json, opts: { token: string | null; eventUuid?: string | null }): Promise<Answer> {
  const headers: Record<string, string> = { 'user-agent': 'GitLab/18.6.0', 'x-gitlab-event': GITLAB_EVENTS[payload.object_kind] ?? 'System Hook' };
  if (opts.token !== null) headers['x-gitlab-token'] = opts.token;
  if (opts.eventUuid !== null) headers['x-gitlab-event-uuid'] = opts.eventUuid ?? uuid();
  return post(url, headers, JSON.stringify(payload));
}
