import * as vscode from 'vscode';

// The slice of the built-in Git extension's API (vscode.git, API version 1) that Start Work uses. The full
// typings live in the VS Code repository (extensions/git/src/api/git.d.ts); these match them.

export interface Ref {
  readonly type: 0 | 1 | 2; // Head, RemoteHead, Tag
  readonly name?: string;
  readonly commit?: string;
  readonly remote?: string;
}
export interface Change {
  readonly uri: vscode.Uri;
}
export interface RepositoryState {
  readonly HEAD: (Ref & { upstream?: { name: string; remote: string } }) | undefined;
  readonly refs: Ref[];
  readonly remotes: { readonly name: string; readonly fetchUrl?: string; readonly pushUrl?: string }[];
  readonly workingTreeChanges: Change[];
  readonly indexChanges: Change[];
  readonly mergeChanges: Change[];
  readonly onDidChange: vscode.Event<void>;
}
export interface InputBox {
  value: string;
}
export interface Repository {
  readonly rootUri: vscode.Uri;
  readonly state: RepositoryState;
  readonly inputBox: InputBox;
  getRefs?(query: { pattern?: string }): Promise<Ref[]>;
  createBranch(name: string, checkout: boolean, ref?: string): Promise<void>;
  checkout(treeish: string): Promise<void>;
  push(remoteName?: string, branchName?: string, setUpstream?: boolean): Promise<void>;
  status(): Promise<void>;
}
export interface GitAPI {
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  readonly repositories: Repository[];
  getRepository(uri: vscode.Uri): Repository | null;
  openRepository?(root: vscode.Uri): Promise<Repository | null>;
  readonly onDidOpenRepository?: vscode.Event<Repository>;
}
interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitAPI;
}

/** The Git API once the git extension has found the repositories (it starts asynchronously). */
export async function gitApi(): Promise<GitAPI | undefined> {
  const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!ext) return undefined;
  const exports = ext.isActive ? ext.exports : await ext.activate();
  if (!exports.enabled) return undefined;
  const api = exports.getAPI(1);
  if (api.state === 'initialized') return api;
  await new Promise<void>((resolve) => {
    const sub = api.onDidChangeState((s) => {
      if (s === 'initialized') {
        sub.dispose();
        resolve();
      }
    });
  });
  return api;
}

/** The repository of the active editor, else the only one, else the user picks. */
export async function pickRepository(api: GitAPI): Promise<Repository | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const fromEditor = active && api.getRepository(active);
  if (fromEditor) return fromEditor;
  if (api.repositories.length === 0) {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (folder && api.openRepository) {
      const opened = await api.openRepository(folder.uri);
      if (opened) return opened;
    }
    return undefined;
  }
  if (api.repositories.length === 1) return api.repositories[0];
  const pick = await vscode.window.showQuickPick(
    api.repositories.map((r) => ({ label: vscode.workspace.asRelativePath(r.rootUri), repo: r })),
    { title: 'Which repository?' },
  );
  return pick?.repo;
}
