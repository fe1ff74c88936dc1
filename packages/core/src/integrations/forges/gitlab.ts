import { createHash } from 'node:crypto';
import { text } from '@baton/contracts';
import { z } from 'zod';
import { bad, firstIssue, header, ignored, type ForgeAdapter, type ForgeEvent } from './forge-event.ts';
import { verifyGitlabToken } from './signature.ts';

// GitLab (docs.gitlab.com, "Webhook events"): merge request and pipeline hooks, mapped onto the internal event.
// Objects are not strict: GitLab sends far more than this; what is read is checked here, once.

const Project = z.object({ web_url: z.url(), default_branch: text().nullable().default(null) });

const MergeRequestPayload = z.object({
  object_kind: z.literal('merge_request'),
  project: Project,
  object_attributes: z.object({
    iid: z.number().int().positive(),
    title: text(),
    description: text().nullable().default(null),
    source_branch: text(),
    target_branch: text(),
    url: z.url(),
    action: text().nullable().default(null),
    draft: z.boolean().nullable().default(null),
    work_in_progress: z.boolean().nullable().default(null),
    merge_commit_sha: text().nullable().default(null),
    oldrev: text().nullable().default(null),
    last_commit: z.object({ id: text() }).nullable().default(null),
  }),
});

const PipelinePayload = z.object({
  object_kind: z.literal('pipeline'),
  project: Project,
  object_attributes: z.object({
    id: z.number().int(),
    name: text().nullable().default(null),
    ref: text().nullable().default(null),
    sha: text(),
    status: text(),
    url: text().nullable().default(null),
  }),
  merge_request: z.object({ iid: z.number().int(), url: z.url() }).nullable().default(null),
  builds: z
    .array(z.object({ name: text(), stage: text().nullable().default(null), status: text(), allow_failure: z.boolean().default(false), failure_reason: text().nullable().default(null) }))
    .default([]),
});

/** GitLab's merge request actions as the internal event's (GitHub's) names; `merge` is a close that merged. */
function prAction(action: string | null, oldrev: string | null): string | null {
  if (action === 'open') return 'opened';
  if (action === 'reopen') return 'reopened';
  // an update with `oldrev` is new commits pushed; without, an edit of the title, description or labels
  if (action === 'update') return oldrev ? 'synchronize' : 'edited';
  if (action === 'merge' || action === 'close') return 'closed';
  return null;
}

function mergeRequest(payload: unknown): ForgeEvent {
  const p = MergeRequestPayload.safeParse(payload);
  if (!p.success) return bad(`not a merge_request payload: ${firstIssue(p.error)}`);
  const mr = p.data.object_attributes;
  const action = prAction(mr.action, mr.oldrev);
  if (!action) return ignored(`merge_request.${mr.action ?? 'unknown'} is not acted on`);
  const merged = mr.action === 'merge';
  return {
    kind: 'pull_request',
    pr: {
      action,
      // a project with no default branch yet: only configured release branches close on merge
      repository: { html_url: p.data.project.web_url, default_branch: p.data.project.default_branch ?? '' },
      pull_request: {
        html_url: mr.url,
        number: mr.iid,
        title: mr.title,
        body: mr.description,
        draft: !!(mr.draft ?? mr.work_in_progress),
        merged,
        merge_commit_sha: merged ? mr.merge_commit_sha : null,
        head: { ref: mr.source_branch, sha: mr.last_commit?.id ?? '' },
        base: { ref: mr.target_branch },
      },
    },
  };
}

function pipeline(payload: unknown): ForgeEvent {
  const p = PipelinePayload.safeParse(payload);
  if (!p.success) return bad(`not a pipeline payload: ${firstIssue(p.error)}`);
  const run = p.data.object_attributes;
  if (run.status !== 'failed' && run.status !== 'success') return ignored(`pipeline ${run.status} reports no finished result`);
  const failedJobs = p.data.builds.filter((b) => b.status === 'failed' && !b.allow_failure);
  const summary = failedJobs.length
    ? `Failed: ${failedJobs.map((b) => `${b.stage ? `${b.stage}/` : ''}${b.name}${b.failure_reason ? ` (${b.failure_reason.replaceAll('_', ' ')})` : ''}`).join(', ')}`
    : null;
  return {
    kind: 'ci_result',
    event: 'pipeline',
    result: {
      name: run.name ?? `Pipeline #${run.id}`,
      conclusion: run.status === 'success' ? 'success' : 'failure',
      failed: run.status !== 'success',
      summary,
      link: run.url ?? `${p.data.project.web_url}/-/pipelines/${run.id}`,
      headSha: run.sha,
      // a merge request pipeline names its MR; a branch pipeline is matched by its commit
      prUrls: p.data.merge_request ? [p.data.merge_request.url] : [],
    },
  };
}

export const gitlab: ForgeAdapter = {
  forge: 'gitlab',
  proofHeader: 'x-gitlab-token',
  verify: verifyGitlabToken,
  identify(headers, body) {
    const event = header(headers, 'x-gitlab-event');
    if (!event || event.length > 100) return 'X-Gitlab-Event (at most 100 characters) is required';
    // GitLab 17.4+ sends an Idempotency-Key that stays the same across retries; older ones send X-Gitlab-Event-UUID
    // (one per event), or nothing, and then the body's own hash makes an identical retry a duplicate
    const given = header(headers, 'idempotency-key') ?? header(headers, 'x-gitlab-event-uuid');
    if (given && given.length > 100) return 'Idempotency-Key and X-Gitlab-Event-UUID are at most 100 characters';
    return { event, deliveryId: given ?? `sha256:${createHash('sha256').update(body).digest('hex')}` };
  },
  normalize(_event, payload) {
    // the payload's object_kind says what it is (the header says it too, in words: "Merge Request Hook")
    const kind = payload && typeof payload === 'object' && 'object_kind' in payload ? payload.object_kind : undefined;
    if (kind === 'merge_request') return mergeRequest(payload);
    if (kind === 'pipeline') return pipeline(payload);
    return ignored(`${typeof kind === 'string' ? kind : 'unknown'} events are not acted on`);
  },
};
