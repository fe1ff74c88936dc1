import * as vscode from 'vscode';
import { createFromSelection, createFromTodo, TodoCodeActions } from './capture/create-from-code.ts';
import { copyContext } from './commands/copy-context.ts';
import { finish } from './commands/finish.ts';
import { itemRefOf } from './commands/item-arg.ts';
import { linkPr } from './commands/link-pr.ts';
import { pickItem } from './commands/pick-item.ts';
import { signInWithApiKey, signInWithBrowser, signOut } from './commands/sign-in.ts';
import { startWork } from './commands/start-work.ts';
import { stopWork } from './commands/stop-work.ts';
import { showCurrentWork } from './commands/current-work-menu.ts';
import { copyBranchName, openInBrowser, searchItems } from './commands/item-commands.ts';
import { Connection } from './connection/connection.ts';
import { ItemPanel } from './detail/item-panel.ts';
import { LiveUpdates } from './live/live-updates.ts';
import { readSettings } from './read-settings.ts';
import type { Services } from './services.ts';
import type { SavedView } from './settings.ts';
import { createTrees } from './tree/views.ts';
import { CurrentWork } from './work/current-work.ts';

/** What tests reach through `extension.exports`: the same services the commands use. */
export type BatonExtensionApi = Services & { live: LiveUpdates; adHocViews: SavedView[]; panels: { find(key: string): ItemPanel | undefined } };

/**
 * Activation only wires things up: no network call happens here (the connection starts right after, without
 * being awaited), so the editor is never held up by a slow or unreachable server.
 */
export function activate(context: vscode.ExtensionContext): BatonExtensionApi {
  const connection = new Connection(context.secrets);
  const work = new CurrentWork(context.workspaceState, connection);
  const adHocViews: SavedView[] = [];
  const trees = createTrees(connection, () => work.current?.lease.itemId, () => [...readSettings().savedViews, ...adHocViews]);
  const refreshAll = () => {
    trees.myItems.refresh();
    trees.ready.refresh();
    trees.search.refresh();
  };
  const s: Services = { connection, work, trees, refreshAll };
  const live = new LiveUpdates(connection, (ids) => {
    refreshAll();
    for (const id of ids) ItemPanel.refreshItem(id);
  });

  const command = (id: string, run: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, run);
  context.subscriptions.push(
    connection,
    work,
    live,
    trees.myItems,
    trees.ready,
    trees.search,
    vscode.window.createTreeView('baton.myItems', { treeDataProvider: trees.myItems, showCollapseAll: true }),
    vscode.window.createTreeView('baton.ready', { treeDataProvider: trees.ready }),
    vscode.window.createTreeView('baton.search', { treeDataProvider: trees.search }),
    connection.onDidChange(refreshAll),
    work.onDidChange(refreshAll),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('baton.savedViews')) trees.search.refresh();
    }),
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new TodoCodeActions(), { providedCodeActionKinds: TodoCodeActions.kinds }),

    command('baton.signIn', () => signInWithBrowser(connection)),
    command('baton.signInWithApiKey', (key) => signInWithApiKey(connection, typeof key === 'string' ? key : undefined)),
    command('baton.signOut', () => signOut(connection)),
    command('baton.openSettings', () => vscode.commands.executeCommand('workbench.action.openSettings', '@ext:baton.baton-vscode')),
    command('baton.refresh', () => (connection.state.kind === 'signedIn' ? refreshAll() : connection.connect())),
    command('baton.search', () => searchItems(s, adHocViews)),
    command('baton.openItem', async (arg) => {
      const ref = itemRefOf(arg) ?? (await pickItem(s, 'Open which item?'));
      if (ref) return ItemPanel.show(s, context.extensionUri, ref);
    }),
    command('baton.startWork', (arg, opts) => startWork(s, arg, (opts ?? {}) as Parameters<typeof startWork>[2])),
    command('baton.stopWork', () => stopWork(s)),
    command('baton.linkPr', (_arg, url) => linkPr(s, typeof url === 'string' ? url : undefined)),
    command('baton.finish', (_arg, opts) => finish(s, (opts ?? {}) as { confirmed?: boolean })),
    command('baton.copyContext', (arg) => copyContext(s, arg)),
    command('baton.copyBranchName', (arg) => copyBranchName(s, arg)),
    command('baton.openInBrowser', (arg) => openInBrowser(s, arg)),
    command('baton.createFromSelection', (opts) => createFromSelection(s, (opts ?? {}) as Parameters<typeof createFromSelection>[1])),
    command('baton.createFromTodo', (uri, line, opts) =>
      createFromTodo(s, uri as vscode.Uri, line as number, (opts ?? {}) as Parameters<typeof createFromTodo>[3]),
    ),
    command('baton.currentWork', () => showCurrentWork(s)),
  );
  void connection.connect();
  return { ...s, live, adHocViews, panels: { find: (key) => ItemPanel.find(key) } };
}

export function deactivate() {}
