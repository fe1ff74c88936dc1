import * as vscode from 'vscode';
import type { Services } from '../services.ts';
import { loadDetail } from './load-detail.ts';
import { HostMessage, offersStatus, WebviewMessage, type ItemDetail } from './messages.ts';

const nonce = () => {
  const bytes = new Uint8Array(18);
  globalThis.crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64');
};

/**
 * The item view: a webview (vscode-elements) per item, one panel per item key. The page has a strict CSP: only
 * our bundled script (by nonce) and stylesheet run; markdown arrives rendered and sanitized by @baton/markdown (load-detail.ts); every
 * message is validated on both sides (messages.ts).
 */
export class ItemPanel implements vscode.Disposable {
  private static readonly open = new Map<string, ItemPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private detail: ItemDetail | undefined;

  static show(s: Services, extensionUri: vscode.Uri, ref: string): ItemPanel {
    const existing = ItemPanel.open.get(ref.toUpperCase()) ?? [...ItemPanel.open.values()].find((p) => p.detail?.id === ref);
    if (existing) {
      existing.panel.reveal();
      void existing.reload();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel('baton.item', ref, vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
    });
    const view = new ItemPanel(s, extensionUri, panel, ref);
    ItemPanel.open.set(ref.toUpperCase(), view);
    return view;
  }

  /** Reloads open panels showing `itemId` (live events). */
  static refreshItem(itemId: string) {
    for (const p of ItemPanel.open.values()) if (p.detail?.id === itemId) void p.reload();
  }

  /** For tests: the panel of an item and what it shows. */
  static find(key: string): ItemPanel | undefined {
    return ItemPanel.open.get(key.toUpperCase());
  }
  get shown(): ItemDetail | undefined {
    return this.detail;
  }

  private constructor(
    private readonly s: Services,
    extensionUri: vscode.Uri,
    readonly panel: vscode.WebviewPanel,
    private readonly ref: string,
  ) {
    const root = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    const webview = panel.webview;
    const n = nonce();
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'baton.svg');
    webview.html = `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${webview.cspSource} https: data:; style-src ${webview.cspSource}; font-src ${webview.cspSource}; script-src 'nonce-${n}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${webview.asWebviewUri(vscode.Uri.joinPath(root, 'item.css'))}">
<title>${ref}</title></head>
<body><main id="app" aria-busy="true"><p>Loading ${ref.replace(/[^\w-]/g, '')}…</p></main>
<script nonce="${n}" src="${webview.asWebviewUri(vscode.Uri.joinPath(root, 'item.js'))}"></script></body></html>`;
    this.disposables.push(
      webview.onDidReceiveMessage((raw) => void this.handleMessage(raw)),
      panel.onDidDispose(() => this.dispose()),
      s.work.onDidChange(() => void this.reload()),
    );
  }

  private disposed = false;

  private post(message: HostMessage) {
    // a reload may finish after the panel was closed: nothing to show it in then
    if (this.disposed) return;
    this.panel.webview.postMessage(HostMessage.parse(message)).then(undefined, () => undefined);
  }

  async reload(): Promise<void> {
    const state = this.s.connection.state;
    if (state.kind !== 'signedIn') {
      this.post({ type: 'error', message: 'Sign in to Baton to see this item.' });
      return;
    }
    try {
      this.detail = await loadDetail(state.api, this.detail?.id ?? this.ref, state.identity);
      if (this.disposed) return;
      this.panel.title = `${this.detail.key} ${this.detail.title}`;
      this.post({ type: 'item', item: this.detail });
    } catch (e) {
      this.post({ type: 'error', message: this.s.connection.explain(e, `load ${this.ref}`).message });
    }
  }

  /** A message from the page (public so tests can post what the page posts). */
  async handleMessage(raw: unknown): Promise<void> {
    const parsed = WebviewMessage.safeParse(raw);
    if (!parsed.success) return; // not from our page, or a page out of step: ignore rather than act on it
    const msg = parsed.data;
    if (msg.type === 'ready' || msg.type === 'refresh') return this.reload();
    if (msg.type === 'openItem') return void vscode.commands.executeCommand('baton.openItem', msg.key);
    const detail = this.detail;
    if (!detail) return;
    if (msg.type === 'command') {
      const command = msg.command === 'openInBrowser' ? 'baton.openInBrowser' : `baton.${msg.command}`;
      await vscode.commands.executeCommand(command, detail.key);
      return this.reload();
    }
    if (msg.type === 'setStatus' && !offersStatus(detail, msg.status)) return;
    this.post({ type: 'busy', busy: true });
    const { connection } = this.s;
    const done = await connection.run(`update ${detail.key}`, async () => {
      const { api, identity } = connection.require();
      const ref = { productId: api.productId, ref: detail.id, idempotencyKey: `vscode:${globalThis.crypto.randomUUID()}` };
      switch (msg.type) {
        case 'toggleChecklist':
          return api.trpc.items.checklist.set.mutate({ ...ref, entryId: msg.entryId, done: msg.done });
        case 'addComment':
          await api.items.comment(detail.id, msg.body);
          this.post({ type: 'commentAdded' });
          return true;
        case 'setStatus': {
          const held = this.s.work.current?.lease.itemId === detail.id ? this.s.work.lease : undefined;
          const change = () => api.items.setStatus(detail.id, msg.status, held ? { fencingToken: held.fencingToken } : {});
          const result = held ? await this.s.work.whileEnding(change) : await change();
          // the server ended this window's claim (any move but to in_progress does): stop its heartbeat and status bar
          if (held && result.claimEnded?.fencingToken === held.fencingToken) await this.s.work.end();
          return result;
        }
        case 'assign':
          return api.trpc.items.update.mutate({
            ...ref,
            expectedVersion: detail.version,
            patch: { assigneeUserId: msg.to === 'me' ? identity.userId : null },
          });
      }
    }, { item: detail.key });
    this.post({ type: 'busy', busy: false });
    if (done) this.s.refreshAll();
    await this.reload();
  }

  dispose() {
    if (this.disposed) return;
    this.disposed = true;
    for (const [key, p] of ItemPanel.open) if (p === this) ItemPanel.open.delete(key);
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}
