import type { ActiveClaim, ItemSummary } from '@baton/contracts';
import * as vscode from 'vscode';
import type { Connection } from '../connection/connection.ts';
import type { SavedView } from '../settings.ts';
import { groupByStatus, itemRow, type ClaimState, type StatusGroup } from './item-view-model.ts';

export type Node =
  | { kind: 'group'; group: StatusGroup<ItemSummary> }
  | { kind: 'item'; item: ItemSummary; parent?: Node }
  | { kind: 'view'; view: SavedView }
  | { kind: 'note'; text: string; icon: string; command?: vscode.Command };

export type Loaded = { items: ItemSummary[]; claims: Map<string, ActiveClaim>; truncated: boolean };

export type ItemsTreeOptions = {
  /** loads the view's items; `view` is set for the children of a saved view */
  load: (view?: SavedView) => Promise<Loaded>;
  grouped: boolean;
  /** top-level saved views instead of items */
  views?: () => SavedView[];
};

/**
 * One tree provider for My Items (grouped by status), Ready (flat, server order) and Saved Views (a node per
 * view, its results below). Rows come from the pure item-view-model; failures show as a row, not a blank view.
 */
export class ItemsTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** the last load of each view (key '' for the top level), so getChildren of groups needs no second call */
  private readonly cache = new Map<string, Loaded>();

  constructor(
    private readonly connection: Connection,
    private readonly opts: ItemsTreeOptions,
    private readonly workingOn: () => string | undefined,
  ) {}

  refresh(): void {
    this.cache.clear();
    this.changed.fire(undefined);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'group': {
        const t = new vscode.TreeItem(node.group.label, node.group.collapsed ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
        t.id = `group:${node.group.status}`;
        t.contextValue = 'group';
        return t;
      }
      case 'view': {
        const t = new vscode.TreeItem(node.view.name, vscode.TreeItemCollapsibleState.Collapsed);
        t.id = `view:${node.view.name}:${node.view.query}`;
        t.description = node.view.query;
        t.iconPath = new vscode.ThemeIcon('filter');
        t.contextValue = 'savedView';
        return t;
      }
      case 'note': {
        const t = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        t.iconPath = new vscode.ThemeIcon(node.icon);
        if (node.command) t.command = node.command;
        return t;
      }
      case 'item':
        return this.itemTreeItem(node);
    }
  }

  private itemTreeItem(node: Extract<Node, { kind: 'item' }>): vscode.TreeItem {
    const { item } = node;
    const claim = this.claimOf(item);
    const row = itemRow(item, claim.state, claim.holder);
    const t = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    // ids must be unique across the whole tree: a saved-view item may show up under two views
    t.id = node.parent?.kind === 'view' ? `${node.parent.view.name}/${item.id}` : item.id;
    t.description = row.description;
    t.tooltip = row.tooltip;
    t.iconPath = new vscode.ThemeIcon(row.icon, row.iconColor ? new vscode.ThemeColor(row.iconColor) : undefined);
    t.contextValue = row.contextValue;
    t.command = { command: 'baton.openItem', title: 'Open Item', arguments: [item] };
    t.accessibilityInformation = { label: `${item.key} ${item.title}, ${item.type}, ${item.priority} priority, ${row.description}` };
    return t;
  }

  private claimOf(item: ItemSummary): { state: ClaimState; holder?: string } {
    if (this.workingOn() === item.id) return { state: 'mine' };
    for (const loaded of this.cache.values()) {
      const claim = loaded.claims.get(item.id);
      if (!claim) continue;
      const state = this.connection.state;
      const me = state.kind === 'signedIn' ? state.identity.userId : null;
      return claim.holder.kind === 'user' && claim.holder.id === me ? { state: 'mine' } : { state: 'other', holder: claim.holder.name };
    }
    return { state: 'none' };
  }

  getParent(node: Node): Node | undefined {
    return node.kind === 'item' ? node.parent : undefined;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (this.connection.state.kind !== 'signedIn') {
      if (this.connection.state.kind === 'failed')
        return [{ kind: 'note', text: this.connection.state.message, icon: 'warning', command: { command: 'baton.refresh', title: 'Retry' } }];
      return []; // the welcome view offers the sign-in buttons
    }
    if (!node && this.opts.views) return this.opts.views().map((view) => ({ kind: 'view', view }));
    if (node?.kind === 'group') return node.group.items.map((item) => ({ kind: 'item', item, parent: node }));
    if (node && node.kind !== 'view') return [];
    const view = node?.kind === 'view' ? node.view : undefined;
    const key = view ? `${view.name}\n${view.query}` : '';
    let loaded = this.cache.get(key);
    if (!loaded) {
      try {
        loaded = await this.opts.load(view);
      } catch (e) {
        const { message } = this.connection.explain(e, 'load the items');
        return [{ kind: 'note', text: message, icon: 'warning', command: { command: 'baton.refresh', title: 'Retry' } }];
      }
      this.cache.set(key, loaded);
    }
    return this.nodesFor(loaded, node);
  }

  /** The rows for a loaded list. */
  private nodesFor(loaded: Loaded, parent?: Node): Node[] {
    const rows: Node[] = this.opts.grouped
      ? groupByStatus(loaded.items).map((group) => ({ kind: 'group' as const, group }))
      : loaded.items.map((item) => ({ kind: 'item' as const, item, ...(parent && { parent }) }));
    if (parent?.kind === 'view' && loaded.items.length === 0) rows.push({ kind: 'note', text: 'No items match.', icon: 'info' });
    if (loaded.truncated) rows.push({ kind: 'note', text: `Showing the first ${loaded.items.length}; narrow the query to see the rest.`, icon: 'info' });
    return rows;
  }

  dispose() {
    this.changed.dispose();
  }
}
