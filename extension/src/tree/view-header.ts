import * as vscode from 'vscode';
import type { Connection } from '../connection/connection.ts';
import { readSettings, settingsProblems } from '../read-settings.ts';
import { serverLabel } from '../settings.ts';

/**
 * My Items' header names the server (and the product once signed in), so the welcome view's sign-in buttons say
 * where they sign in; `baton.serverUrlInvalid` picks the welcome text that says an invalid `baton.serverUrl` was
 * replaced by the default. (A TreeView message would hide the welcome view, the header does not.)
 */
export function keepViewHeader(view: vscode.TreeView<unknown> | undefined, connection: Connection): vscode.Disposable {
  const update = () => {
    const s = connection.state;
    const serverUrl = s.kind === 'signedIn' || s.kind === 'failed' ? s.serverUrl : readSettings().serverUrl;
    const invalid = settingsProblems().some((p) => p.startsWith('baton.serverUrl '));
    void vscode.commands.executeCommand('setContext', 'baton.serverUrlInvalid', invalid);
    if (view) view.description = s.kind === 'signedIn' ? `${s.identity.product.key} · ${serverLabel(serverUrl)}` : serverLabel(serverUrl);
  };
  update();
  return vscode.Disposable.from(
    connection.onDidChange(update),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('baton.serverUrl') && update()),
  );
}
