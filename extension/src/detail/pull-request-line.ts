import type { ItemDetail } from './messages.ts';

type Pr = ItemDetail['pullRequests'][number];
/** How a check result reads at a glance: passed, failed, or neither (cancelled, skipped, neutral, stale). */
export type CheckTone = 'passed' | 'failed' | 'other';
/** One linked PR as the item view shows it: its title (linking to it), number, state and latest check. */
export type PullRequestLine = {
  title: string;
  href: string | null;
  number: string | null;
  state: string;
  check: { text: string; tone: CheckTone; href: string | null } | null;
};

const STATES: Record<string, string> = { open: 'Open', draft: 'Draft', merged: 'Merged', closed: 'Closed' };
// GitHub's failing conclusions, Gitea's failing states, and GitLab's (which core reports as failure)
const FAILED = new Set(['failure', 'timed_out', 'action_required', 'startup_failure', 'error']);

/** The words for a check result: "CI passed", "Tests failed (timed out)", "Lint cancelled". */
export function checkText(check: NonNullable<Pr['check']>): { text: string; tone: CheckTone } {
  const conclusion = check.conclusion.replaceAll('_', ' ');
  if (check.conclusion === 'success') return { text: `${check.name} passed`, tone: 'passed' };
  if (FAILED.has(check.conclusion)) return { text: check.conclusion === 'failure' ? `${check.name} failed` : `${check.name} failed (${conclusion})`, tone: 'failed' };
  return { text: `${check.name} ${conclusion}`, tone: 'other' };
}

/**
 * What the page renders for a linked PR; `safe` turns a URL into one the page may link to (the page passes
 * contracts' safeHref), so nothing else decides which links are followed.
 */
export function pullRequestLine(pr: Pr, safe: (url: string) => string | null): PullRequestLine {
  return {
    title: pr.title ?? pr.url,
    href: safe(pr.url),
    number: pr.number ? `#${pr.number}` : null,
    state: STATES[pr.status] ?? pr.status,
    check: pr.check ? { ...checkText(pr.check), href: pr.check.url ? safe(pr.check.url) : null } : null,
  };
}
