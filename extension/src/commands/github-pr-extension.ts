import * as vscode from 'vscode';

type PrDescription = { url: string; number: number; title: string };
/** What the GitHub Pull Requests extension's API offers (GitHub.vscode-pull-request-github, src/api/api.d.ts). */
type GitHubPrApi = { getRepositoryDescription?(uri: vscode.Uri): Promise<{ pullRequest?: PrDescription } | undefined> };

/** The GitHub Pull Requests extension's API, when it is installed and starts. */
async function prExtensionApi(): Promise<GitHubPrApi | undefined> {
  const ext = vscode.extensions.getExtension<GitHubPrApi>('GitHub.vscode-pull-request-github');
  if (!ext) return undefined;
  try {
    return ext.isActive ? ext.exports : await ext.activate();
  } catch {
    return undefined;
  }
}

/**
 * The repository at `root` (else the first folder's) as that extension knows it (a GitHub repository it can create
 * PRs in), with the current branch's PR if there is one; undefined without the extension or for other repositories.
 */
export async function githubRepository(root = vscode.workspace.workspaceFolders?.[0]?.uri): Promise<{ pullRequest?: PrDescription } | undefined> {
  const api = await prExtensionApi();
  if (!api || !root) return undefined;
  try {
    return await api.getRepositoryDescription?.(root);
  } catch {
    return undefined;
  }
}

/** The PR of the current branch, when the GitHub Pull Requests extension knows it. */
export const detectPr = async (root?: vscode.Uri): Promise<PrDescription | undefined> => (await githubRepository(root))?.pullRequest;
