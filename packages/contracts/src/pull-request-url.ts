/** Zod-free, like safe-href.ts: the CLI and the extension read pull request URLs the same way. */

/** The number in a GitHub (/pull/7), GitLab (/merge_requests/7) or Gitea (/pulls/7) pull request URL. */
export function prNumber(url: string): number | undefined {
  const m = /\/(?:pull|pulls|merge_requests)\/(\d+)(?:[/?#]|$)/.exec(url);
  return m ? Number(m[1]) : undefined;
}
