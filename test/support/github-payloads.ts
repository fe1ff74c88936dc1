import examples from '@octokit/webhooks-examples';
import { githubSignature } from '@baton/core';

// Real recorded GitHub deliveries (@octokit/webhooks-examples), edited to name a test item, signed like GitHub signs.

type Example = Record<string, unknown> & { action?: string };
const all = examples as unknown as { name: string; examples: Example[] }[];

/** A deep copy of the first recorded `event` payload with `action` (and `pick` to choose among several). */
export function recorded(event: string, action: string | undefined, pick: (e: Example) => boolean = () => true): Example {
  const found = all.find((e) => e.name === event)?.examples.find((e) => e.action === action && pick(e));
  if (!found) throw new Error(`no recorded ${event}.${action}`);
  return structuredClone(found);
}

type Pr = { html_url: string; number: number; title: string; body: string | null; merged: boolean; merge_commit_sha: string | null; head: { ref: string; sha: string }; base: { ref: string } };

/** A recorded pull_request payload pointed at a PR of ours: its number, branch, title, body, base and merge state. */
export function pullRequest(action: 'opened' | 'closed' | 'reopened' | 'edited' | 'synchronize', pr: Partial<Omit<Pr, 'head' | 'base'>> & { branch?: string; base?: string; number: number }) {
  const payload = recorded('pull_request', action, (e) => (e.pull_request as Pr).body !== null);
  const p = payload.pull_request as Pr;
  const repo = (payload.repository as { html_url: string }).html_url;
  Object.assign(p, { html_url: `${repo}/pull/${pr.number}`, number: pr.number, merged: pr.merged ?? false, ...(pr.title !== undefined && { title: pr.title }) });
  if (pr.body !== undefined) p.body = pr.body;
  if (pr.merge_commit_sha !== undefined) p.merge_commit_sha = pr.merge_commit_sha;
  if (pr.branch) p.head.ref = pr.branch;
  if (pr.base) p.base.ref = pr.base;
  return payload;
}

/** The recorded failed check_run, for PR `number` of the same repository. */
export function failedCheckRun(number: number) {
  const payload = recorded('check_run', 'completed', (e) => (e.check_run as { conclusion: string }).conclusion === 'failure');
  const run = payload.check_run as { pull_requests: { number: number }[]; output: { title: string | null; summary: string | null } };
  run.pull_requests = [{ ...run.pull_requests[0]!, number }];
  run.output.title = 'Tests failed';
  run.output.summary = '3 of 120 tests failed in login.spec.ts';
  return payload;
}

/** The same recorded check run, finished with another conclusion (success, neutral, ...). */
export function checkRun(number: number, conclusion: string) {
  const payload = failedCheckRun(number);
  (payload.check_run as { conclusion: string }).conclusion = conclusion;
  return payload;
}

let deliveries = 0;
/** POSTs a delivery like GitHub does: JSON body, event and delivery headers, signed with `secret` (unless null). */
export async function deliver(
  url: string,
  event: string,
  payload: unknown,
  opts: { secret: string | null; deliveryId?: string; body?: string | Buffer },
): Promise<{ status: number; body: { result: string; duplicate?: boolean; changes?: { itemKey: string; what: string; detail: string }[] } }> {
  const body = opts.body ?? JSON.stringify(payload);
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/test',
      'x-github-event': event,
      'x-github-delivery': opts.deliveryId ?? `delivery-${process.pid}-${Date.now()}-${++deliveries}`,
      ...(opts.secret !== null && { 'x-hub-signature-256': githubSignature(opts.secret, bytes) }),
    },
    body: new Uint8Array(bytes),
  });
  return { status: res.status, body: (await res.json()) as never };
}
