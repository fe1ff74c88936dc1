import * as vscode from 'vscode';
import { BatonAuthProvider } from './auth/auth-provider.ts';
import { AUTH_PROVIDER_ID } from './auth/auth-session.ts';
import { createFromSelection, createFromTodo } from './capture/create-from-code.ts';
import { copyContext } from './commands/copy-context.ts';
import { createPr } from './commands/create-pr.ts';
import { finish } from './commands/finish.ts';
import { goToItem } from './commands/go-to-item.ts';
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
import { ItemLookup } from './keys/item-lookup.ts';
import { KeyProviders } from './keys/key-providers.ts';
import { LiveUpdates } from './live/live-updates.ts';
import { EditorNotifications } from './notify/editor-notifications.ts';
import { readSettings } from './read-settings.ts';
import type { Services } from './services.ts';
import type { SavedView } from './settings.ts';
import type { ItemsTree } from './tree/items-tree.ts';
import { keepViewHeader } from './tree/view-header.ts';
import { createTrees } from './tree/views.ts';
import { BranchItem } from './work/branch-item.ts';
import { CurrentWork } from './work/current-work.ts';

/** What tests reach through the extension's exports (`ready()`): the same services the commands use. */
export type BatonExtensionApi = Services & {
  live: LiveUpdates;
  branchItem: BranchItem;
  adHocViews: SavedView[];
  panels: { find(key: string): ItemPanel | undefined };
  notifications: EditorNotifications;
  auth: BatonAuthProvider;
  /** the views as VS Code shows them (header, badge) */
  treeViews: ReadonlyMap<string, vscode.TreeView<unknown>>;
};

export type Main = {
  api: BatonExtensionApi;
  /** the command handlers, by command id (extension.ts registered a stand-in for each at activation) */
  commands: Record<string, (...args: unknown[]) => unknown>;
  /** the tree providers, by view id */
  views: Record<string, ItemsTree>;
  /** hover, links and completion for item keys (extension.ts registered stand-ins) */
  keys: KeyProviders;
  /** the Accounts menu's provider (extension.ts registered a stand-in) */
  auth: BatonAuthProvider;
};

/**
 * Everything heavy: the client, the connection, the trees, live updates. extension.ts loads this module on first
 * use (a view opens, a command runs, or there is work to resume), so activation itself stays light.
 */
export function start(context: vscode.ExtensionContext, treeViews: ReadonlyMap<string, vscode.TreeView<unknown>>): Main {
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
  const connected = connection.connect();
  const lookup = new ItemLookup(connection, connected);
  const auth = new BatonAuthProvider(connection, connected);
  // signed out: the Accounts menu offers "Sign in with Baton" (a request, never a prompt)
  void connected.then((state) => {
    if (state.kind === 'signedOut') void vscode.authentication.getSession(AUTH_PROVIDER_ID, [], { createIfNone: false });
  });
  const live = new LiveUpdates(connection, (ids) => {
    refreshAll();
    lookup.forget(ids);
    for (const id of ids) ItemPanel.refreshItem(id);
  });
  const branchItem = new BranchItem(connection, work);
  const notifications = new EditorNotifications(connection, treeViews.get('baton.myItems'));
  context.subscriptions.push(
    connection,
    auth,
    work,
    live,
    branchItem,
    notifications,
    keepViewHeader(treeViews.get('baton.myItems'), connection),
    trees.myItems,
    trees.ready,
    trees.search,
    connection.onDidChange(refreshAll),
    connection.onDidChange(() => lookup.clear()),
    work.onDidChange(refreshAll),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('baton.savedViews')) trees.search.refresh();
    }),
  );

  const commands: Main['commands'] = {
    'baton.signIn': () => signInWithBrowser(connection),
    'baton.signInWithApiKey': (key) => signInWithApiKey(connection, typeof key === 'string' ? key : undefined),
    'baton.signOut': () => signOut(connection),
    'baton.openSettings': () => vscode.commands.executeCommand('workbench.action.openSettings', '@ext:baton.baton-vscode'),
    'baton.refresh': () => (connection.state.kind === 'signedIn' ? refreshAll() : connection.connect()),
    'baton.search': () => searchItems(s, adHocViews),
    'baton.openItem': async (arg) => {
      const ref = itemRefOf(arg) ?? (await pickItem(s, 'Open which item?'));
      if (ref) return ItemPanel.show(s, context.extensionUri, ref);
    },
    'baton.startWork': (arg, opts) => startWork(s, arg, (opts ?? {}) as Parameters<typeof startWork>[2]),
    'baton.stopWork': () => stopWork(s),
    'baton.linkPr': (_arg, url) => linkPr(s, typeof url === 'string' ? url : undefined),
    'baton.createPr': () => createPr(s),
    'baton.finish': (_arg, opts) => finish(s, (opts ?? {}) as { confirmed?: boolean }),
    'baton.copyContext': (arg) => copyContext(s, arg),
    'baton.copyBranchName': (arg) => copyBranchName(s, arg),
    'baton.openInBrowser': (arg) => openInBrowser(s, arg),
    'baton.createFromSelection': (opts) => createFromSelection(s, (opts ?? {}) as Parameters<typeof createFromSelection>[1]),
    'baton.createFromTodo': (uri, line, opts) => createFromTodo(s, uri as vscode.Uri, line as number, (opts ?? {}) as Parameters<typeof createFromTodo>[3]),
    'baton.currentWork': () => showCurrentWork(s),
    'baton.goToItem': (text) => goToItem(s, typeof text === 'string' ? text : undefined),
  };
  return {
    api: { ...s, live, branchItem, adHocViews, panels: { find: (key) => ItemPanel.find(key) }, notifications, treeViews, auth },
    commands,
    views: { 'baton.myItems': trees.myItems, 'baton.ready': trees.ready, 'baton.search': trees.search },
    keys: new KeyProviders(lookup),
    auth,
  };
}
