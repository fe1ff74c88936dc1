import type { Notification } from '@baton/contracts';
import * as vscode from 'vscode';
import type { Connection } from '../connection/connection.ts';
import { badgeFor, newsToShow } from './news.ts';

const RETRY_MS = 30_000;

/**
 * Baton's notifications in the editor: the server's live unread count (notifications.unread, SSE) drives a badge
 * on the activity-bar entry, and each new assignment or mention pops up once with Open Item, which reads it.
 * People only: API keys have no notifications.
 */
export class EditorNotifications implements vscode.Disposable {
  private sub: { unsubscribe(): void } | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  /** what was already considered, for this person (kept across reconnects: the news of an outage still pops up) */
  private seen: Set<string> | null = null;
  private seenFor: string | null = null;
  private checking: Promise<void> = Promise.resolve();
  private readonly disposables: vscode.Disposable[];
  /** the unread count last heard (tests read it) */
  unread = 0;
  /** true once the unread list was read after signing in: only what arrives from then on pops up (tests wait for it) */
  get primed(): boolean {
    return this.seen !== null;
  }
  /** the last notification popped up, and what choosing Open Item on it does (tests) */
  lastShown: { notification: Notification; open(): Promise<void> } | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly view: vscode.TreeView<unknown> | undefined,
  ) {
    this.disposables = [connection.onDidChange(() => this.restart())];
  }

  private restart() {
    this.stop();
    const s = this.connection.state;
    if (s.kind !== 'signedIn' || s.identity.kind !== 'user') return this.setUnread(0);
    if (this.seenFor !== s.identity.userId) {
      this.seen = null;
      this.seenFor = s.identity.userId;
    }
    const sub = s.trpc.notifications.unread.subscribe(undefined, {
      onData: ({ count }) => {
        this.setUnread(count);
        // one look at the list at a time, in order: two counts close together must not show a notification twice
        this.checking = this.checking.then(() => this.check()).catch(() => undefined);
      },
      onError: () => {
        // the server went away or restarted: try again while still signed in (a signed-out session ends it for good)
        if (this.sub !== sub) return;
        this.sub = undefined;
        this.retry = setTimeout(() => this.connection.state === s && this.restart(), RETRY_MS);
      },
    });
    this.sub = sub;
  }

  private async check() {
    const s = this.connection.state;
    if (s.kind !== 'signedIn') return;
    const page = await s.trpc.notifications.list.query({ unreadOnly: true, limit: 50 });
    const { show, seen } = newsToShow(page.items, this.seen);
    this.seen = seen;
    for (const n of show) void this.pop(n);
  }

  private async pop(notification: Notification) {
    const open = async () => {
      const s = this.connection.state;
      if (s.kind !== 'signedIn' || !notification.item) return;
      // opening reads it, as the web app's bell does; the count that follows clears it from the badge
      await s.trpc.notifications.open.mutate({ id: notification.id }).catch(() => undefined);
      await vscode.commands.executeCommand('baton.openItem', notification.item.key);
    };
    this.lastShown = { notification, open };
    const choice = await vscode.window.showInformationMessage(`Baton: ${notification.body}`, 'Open Item');
    if (choice === 'Open Item') await open();
  }

  private setUnread(count: number) {
    this.unread = count;
    if (this.view) this.view.badge = badgeFor(count);
  }

  private stop() {
    this.sub?.unsubscribe();
    this.sub = undefined;
    clearTimeout(this.retry);
  }

  dispose() {
    this.stop();
    for (const d of this.disposables) d.dispose();
  }
}
