import * as vscode from 'vscode';
import manifest from '../package.json';
import { registerAuthProvider } from './auth/lazy-auth-provider.ts';
import { TodoCodeActions } from './capture/todo-code-actions.ts';
import { registerKeyProviders } from './keys/lazy-key-providers.ts';
import type { BatonExtensionApi, Main } from './main.ts';

// Activation is light on purpose: this file registers a stand-in for every command and view and loads the real
// extension (dist/main.js: the client, the zod schemas, the trees) only when something needs it: a view opens, a
// command runs, or this workspace has work in progress whose claim must be kept alive.

/** What `extension.exports` gives tests: the real services, once loaded. */
export type BatonExports = { ready(): Promise<BatonExtensionApi> };

const WORK_KEY = 'baton.currentWork';

export function activate(context: vscode.ExtensionContext): BatonExports {
  const viewChanged = new Map<string, vscode.EventEmitter<undefined>>();
  const treeViews = new Map<string, vscode.TreeView<unknown>>();
  let loaded: Promise<Main> | undefined;
  const auth = registerAuthProvider(async () => (await main()).auth);
  context.subscriptions.push(...auth.disposables);
  const main = () =>
    (loaded ??= Promise.resolve().then(() => {
      // a separate bundle: the build keeps ./main.js external to this one, and require() is what loads it lazily
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { start } = require('./main.js') as typeof import('./main.ts');
      const m = start(context, treeViews);
      // the real trees' refreshes reach the views through the stand-ins
      for (const [id, changed] of viewChanged) context.subscriptions.push(m.views[id]!.onDidChangeTreeData(() => changed.fire(undefined)));
      context.subscriptions.push(auth.follow(m.auth));
      return m;
    }));

  for (const { command } of manifest.contributes.commands)
    context.subscriptions.push(vscode.commands.registerCommand(command, async (...args: unknown[]) => (await main()).commands[command]!(...args)));

  for (const { id } of manifest.contributes.views.baton) {
    const changed = new vscode.EventEmitter<undefined>();
    viewChanged.set(id, changed);
    const provider: vscode.TreeDataProvider<unknown> = {
      onDidChangeTreeData: changed.event,
      getChildren: async (node) => (await main()).views[id]!.getChildren(node as never),
      getTreeItem: async (node) => (await main()).views[id]!.getTreeItem(node as never),
      getParent: async (node) => (await main()).views[id]!.getParent(node as never),
    };
    const view = vscode.window.createTreeView(id, { treeDataProvider: provider, showCollapseAll: id === 'baton.myItems' });
    treeViews.set(id, view);
    context.subscriptions.push(changed, view);
  }

  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new TodoCodeActions(), { providedCodeActionKinds: TodoCodeActions.kinds }),
    ...registerKeyProviders(async () => (await main()).keys),
  );
  // work in progress: resume its heartbeat and status bar right after start-up, not during activation
  if (context.workspaceState.get(WORK_KEY)) setTimeout(() => void main(), 0);
  return { ready: () => main().then((m) => m.api) };
}

export function deactivate() {}
