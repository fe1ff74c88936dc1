// How a linked pull request's state and latest check read to people, written once for the web app's item page and
// the VS Code item view. No zod, so browser bundles take it: `import { checkText } from '@baton/contracts/pull-request-check'`.

/** How a check result reads at a glance: passed, failed, or neither (cancelled, skipped, neutral, stale). */
export type CheckTone = 'passed' | 'failed' | 'other';

export const PULL_REQUEST_STATE_LABEL: Record<string, string> = { open: 'Open', draft: 'Draft', merged: 'Merged', closed: 'Closed' };

// GitHub's failing conclusions, Gitea's failing states, and GitLab's (which core reports as failure)
const FAILED = new Set(['failure', 'timed_out', 'action_required', 'startup_failure', 'error']);

/** The words for a check result: "CI passed", "Tests failed (timed out)", "Lint cancelled". */
export function checkText(check: { name: string; conclusion: string }): { text: string; tone: CheckTone } {
  const conclusion = check.conclusion.replaceAll('_', ' ');
  if (check.conclusion === 'success') return { text: `${check.name} passed`, tone: 'passed' };
  if (FAILED.has(check.conclusion)) return { text: check.conclusion === 'failure' ? `${check.name} failed` : `${check.name} failed (${conclusion})`, tone: 'failed' };
  return { text: `${check.name} ${conclusion}`, tone: 'other' };
}
