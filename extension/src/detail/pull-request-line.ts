import { checkText, PULL_REQUEST_STATE_LABEL, type CheckTone } from '@baton/contracts/pull-request-check';
import type { ItemDetail } from './messages.ts';

type Pr = ItemDetail['pullRequests'][number];
/** One linked PR as the item view shows it: its title (linking to it), number, state and latest check. */
export type PullRequestLine = {
  title: string;
  href: string | null;
  number: string | null;
  state: string;
  check: { text: string; tone: CheckTone; href: string | null } | null;
};

/**
 * What the page renders for a linked PR; `safe` turns a URL into one the page may link to (the page passes
 * contracts' safeHref), so nothing else decides which links are followed.
 */
export function pullRequestLine(pr: Pr, safe: (url: string) => string | null): PullRequestLine {
  return {
    title: pr.title ?? pr.url,
    href: safe(pr.url),
    number: pr.number ? `#${pr.number}` : null,
    state: PULL_REQUEST_STATE_LABEL[pr.status] ?? pr.status,
    check: pr.check ? { ...checkText(pr.check), href: pr.check.url ? safe(pr.check.url) : null } : null,
  };
}
