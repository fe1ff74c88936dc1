import * as vscode from 'vscode';
import { signInWithApiKey, signInWithBrowser, signOut } from '../commands/sign-in.ts';
import type { Connection } from '../connection/connection.ts';
import { readSettings } from '../read-settings.ts';
import { sessionChange, sessionOf } from './auth-session.ts';

/**
 * Baton in VS Code's Accounts menu. The session is the connection's sign-in: creating one runs the same device-code
 * (or API key) sign-in as the commands, removing it signs out, and a sign-in or out through the commands (or another
 * window) shows up here, since both read the one connection and its token.
 */
export class BatonAuthProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changed.event;
  private shown: vscode.AuthenticationSession | undefined;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(
    private readonly connection: Connection,
    private readonly connected: Promise<unknown>,
  ) {
    this.disposables.push(connection.onDidChange(() => this.publish()));
  }

  private current() {
    return sessionOf(this.connection.state, this.connection.accessToken);
  }

  private publish() {
    const now = this.current();
    // connecting is not signed out: keep what is shown until the connection settles
    if (!now && this.connection.state.kind === 'connecting') return;
    const change = sessionChange(this.shown, now);
    this.shown = now;
    if (change) this.changed.fire(change);
  }

  async getSessions(): Promise<readonly vscode.AuthenticationSession[]> {
    await this.connected;
    const session = this.current();
    return session ? [session] : [];
  }

  /** Asks how to sign in (the browser, or an API key for automation), then runs that sign-in. */
  async createSession(): Promise<vscode.AuthenticationSession> {
    const { serverUrl } = readSettings();
    const how = await vscode.window.showQuickPick(
      [
        { label: 'Sign in with the browser', detail: `Approve a code on ${serverUrl}/device; works in remote windows too`, how: 'browser' as const },
        { label: 'Paste an API key', detail: 'For automation: the key acts as itself, not as you (no My Items, no notifications)', how: 'apiKey' as const },
      ],
      { title: `Sign in to Baton at ${serverUrl}`, ignoreFocusOut: true },
    );
    if (!how) throw new vscode.CancellationError();
    await (how.how === 'browser' ? signInWithBrowser(this.connection) : signInWithApiKey(this.connection));
    const session = this.current();
    // the sign-in already said why it did not finish (or was cancelled): no second message
    if (!session) throw new vscode.CancellationError();
    this.publish();
    return session;
  }

  async removeSession(): Promise<void> {
    await signOut(this.connection);
  }

  dispose() {
    for (const d of this.disposables) d.dispose();
  }
}
