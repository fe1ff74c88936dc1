import { prNumber } from '@baton/contracts';
import { z } from 'zod';

/** A pull/merge request URL on GitHub (/pull/7), GitLab (/merge_requests/7) or Gitea (/pulls/7), with its number. */
export function parsePrUrl(text: string): { url: string; number: number | undefined } | { error: string } {
  const url = z.url({ protocol: /^https?$/ }).safeParse(text.trim());
  if (!url.success) return { error: 'Paste the pull request URL, e.g. https://github.com/org/repo/pull/7' };
  return { url: url.data, number: prNumber(url.data) };
}
