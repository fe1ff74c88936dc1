export type Forge = 'github' | 'gitlab' | 'gitea' | 'unknown';
export type Remote = {
  host: string;
  forge: Forge;
  /** everything before the repository: user, org, or GitLab groups */ owner: string;
  repo: string;
};

function forgeOf(host: string): Forge {
  const h = host.toLowerCase();
  if (h === 'github.com' || h.endsWith('.github.com') || h.includes('github')) return 'github';
  if (h.includes('gitlab')) return 'gitlab';
  if (h.includes('gitea') || h.includes('forgejo') || h === 'codeberg.org') return 'gitea';
  return 'unknown';
}

/**
 * Reads the remote forms git accepts for GitHub, GitLab and Gitea: `https://host/owner/repo(.git)`,
 * `ssh://git@host[:port]/owner/repo(.git)`, scp-like `git@host:owner/repo(.git)`, `git://`; GitLab subgroups
 * (`group/sub/repo`); credentials in the URL are dropped. Local paths and malformed URLs give null.
 */
export function parseRemote(raw: string): Remote | null {
  const text = raw.trim();
  let host: string;
  let path: string;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return null;
    }
    if (url.protocol === 'file:' || !url.hostname) return null;
    host = url.hostname;
    path = decodeURIComponent(url.pathname);
  } else {
    // scp-like syntax: no scheme, a colon before the first slash, and a host longer than a drive letter
    const scp = /^(?:[^@/\s]+@)?([^:/\s]{2,}):(?!\/)(.+)$/.exec(text);
    if (!scp) return null;
    host = scp[1]!;
    path = scp[2]!;
  }
  const parts = path
    .replace(/\/+$/, '')
    .replace(/\.git$/i, '')
    .split('/')
    .filter(Boolean);
  if (parts.length < 2) return null;
  return { host: host.toLowerCase(), forge: forgeOf(host), owner: parts.slice(0, -1).join('/'), repo: parts.at(-1)! };
}
