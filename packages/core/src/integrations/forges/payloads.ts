import { text } from '@baton/contracts';
import { z } from 'zod';

// Text is cleaned as every edge cleans it (NUL and lone surrogates cannot be stored).
// The parts of GitHub's webhook payloads Baton reads (docs.github.com, "Webhook events and payloads"). Objects are
// not strict: GitHub sends far more than this and adds fields over time; what is read is checked here, once.

const Repository = z.object({ html_url: z.url(), default_branch: text() });
const PrNumbers = z.array(z.object({ number: z.number().int().positive() })).default([]);

export const PullRequestPayload = z.object({
  action: text(),
  repository: Repository,
  pull_request: z.object({
    html_url: z.url(),
    number: z.number().int().positive(),
    title: text(),
    body: text().nullable().default(null),
    draft: z.boolean().default(false),
    merged: z.boolean().nullable().default(false),
    merge_commit_sha: text().nullable().default(null),
    head: z.object({ ref: text(), sha: text() }),
    base: z.object({ ref: text() }),
  }),
});
export type PullRequestPayload = z.infer<typeof PullRequestPayload>;

/** Conclusions that mean CI failed (GitHub also has success, neutral, cancelled, skipped, stale). */
export const FAILED_CONCLUSIONS = ['failure', 'timed_out', 'action_required', 'startup_failure'];

const Conclusion = text().nullable().default(null);

export const CheckRunPayload = z.object({
  action: text(),
  repository: Repository,
  check_run: z.object({
    name: text(),
    head_sha: text(),
    conclusion: Conclusion,
    html_url: text().nullable().default(null),
    details_url: text().nullable().default(null),
    output: z.object({ title: text().nullable().default(null), summary: text().nullable().default(null) }).nullable().default(null),
    pull_requests: PrNumbers,
  }),
});

export const CheckSuitePayload = z.object({
  action: text(),
  repository: Repository,
  check_suite: z.object({
    head_sha: text(),
    conclusion: Conclusion,
    app: z.object({ name: text() }).nullable().default(null),
    pull_requests: PrNumbers,
  }),
});

export const WorkflowRunPayload = z.object({
  action: text(),
  repository: Repository,
  workflow_run: z.object({
    name: text().nullable().default(null),
    display_title: text().nullable().default(null),
    head_sha: text(),
    conclusion: Conclusion,
    html_url: text(),
    pull_requests: PrNumbers,
  }),
});

/** One finished CI result, whichever event of whichever forge reported it; `failed`: it is worth a comment. */
export type CiResult = { name: string; conclusion: string; failed: boolean; summary: string | null; link: string; headSha: string; prUrls: string[] };

/** The result a completed check or workflow event reports, or null when it reports none (not completed, no conclusion). */
export function ciResultOf(event: string, body: unknown): CiResult | null | 'bad' {
  const prUrls = (repo: { html_url: string }, prs: { number: number }[]) => prs.map((p) => `${repo.html_url}/pull/${p.number}`);
  if (event === 'check_run') {
    const p = CheckRunPayload.safeParse(body);
    if (!p.success) return 'bad';
    const r = p.data.check_run;
    if (p.data.action !== 'completed' || !r.conclusion) return null;
    const summary = [r.output?.title, r.output?.summary].filter(Boolean).join(': ') || null;
    const link = r.html_url ?? r.details_url ?? `${p.data.repository.html_url}/commit/${r.head_sha}`;
    return { name: r.name, conclusion: r.conclusion, failed: FAILED_CONCLUSIONS.includes(r.conclusion), summary, link, headSha: r.head_sha, prUrls: prUrls(p.data.repository, r.pull_requests) };
  }
  if (event === 'check_suite') {
    const p = CheckSuitePayload.safeParse(body);
    if (!p.success) return 'bad';
    const s = p.data.check_suite;
    if (p.data.action !== 'completed' || !s.conclusion) return null;
    const link = `${p.data.repository.html_url}/commit/${s.head_sha}/checks`;
    return { name: s.app?.name ?? 'Check suite', conclusion: s.conclusion, failed: FAILED_CONCLUSIONS.includes(s.conclusion), summary: null, link, headSha: s.head_sha, prUrls: prUrls(p.data.repository, s.pull_requests) };
  }
  const p = WorkflowRunPayload.safeParse(body);
  if (!p.success) return 'bad';
  const w = p.data.workflow_run;
  if (p.data.action !== 'completed' || !w.conclusion) return null;
  return { name: w.name ?? 'Workflow', conclusion: w.conclusion, failed: FAILED_CONCLUSIONS.includes(w.conclusion), summary: w.display_title, link: w.html_url, headSha: w.head_sha, prUrls: prUrls(p.data.repository, w.pull_requests) };
}
