/** Where a git remote lives: the forge's web address of the repository, and which forge it is. */
export type ForgeRepo = { forge: 'github' | 'gitlab'; web: string };

/**
 * The web repository behind a git remote URL (`git@github.com:org/repo.git`, `https://gitlab.example.com/g/sub/r.git`,
 * `ssh://git@host:2222/org/repo`), for GitHub and GitLab hosts (by name, as GitHub Enterprise and self-hosted GitLab
 * are named); undefined for anything else.
 */
export function forgeRepo(remoteUrl: string): ForgeRepo | undefined {
  const text = remoteUrl.trim();
  // scp-like: user@host:path
  const scp = /^[\w.-]+@([^:/]+):(?!\/)(.+)$/.exec(text);
  let host: string;
  let path: string;
  if (scp) {
    host = scp[1]!;
    path = scp[2]!;
  } else {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return undefined;
    }
    if (!['https:', 'http:', 'ssh:', 'git:'].includes(url.protocol)) return undefined;
    host = url.hostname;
    path = url.pathname;
  }
  path = path.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
  if (!/^[\w.-]+(\/[\w.-]+)+$/.test(path)) return undefined;
  const forge = /github/i.test(host) ? 'github' : /gitlab/i.test(host) ? 'gitlab' : undefined;
  return forge && { forge, web: `https://${host.toLowerCase()}/${path}` };
}

/** The PR title: the key first, as the forge webhook links PRs by it (`BAT-42: Login fails`). */
export const prTitle = (key: string, title: string) => `${key}: ${title}`;

/**
 * The forge's page for a new pull (merge) request from `branch` into the default branch, with the title and body
 * filled in: GitHub's compare view, GitLab's new merge request form.
 */
export function newPrPage(repo: ForgeRepo, branch: string, title: string, body: string): string {
  if (repo.forge === 'github') {
    const q = new URLSearchParams({ expand: '1', title, body });
    return `${repo.web}/compare/${branch.split('/').map(encodeURIComponent).join('/')}?${q}`;
  }
  const q = new URLSearchParams({
    'merge_request[source_branch]': branch,
    'merge_request[title]': title,
    'merge_request[description]': body,
  });
  return `${repo.web}/-/merge_requests/new?${q}`;
}
