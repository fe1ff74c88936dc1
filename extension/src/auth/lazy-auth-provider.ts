import * as vscode from 'vscode';
import type { BatonAuthProvider } from './auth-provider.ts';
import { AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL } from './auth-session.ts';

type SessionsChange = vscode.AuthenticationProviderAuthenticationSessionsChangeEvent;

/**
 * Registered at activation so that the Accounts menu knows Baton from the start; the real provider (the connection,
 * the client) loads when VS Code first asks it for sessions. `follow` passes the real one's changes on, from
 * whenever it loaded (a command or a view may load it first).
 */
export function registerAuthProvider(real: () => Promise<BatonAuthProvider>) {
  const changed = new vscode.EventEmitter<SessionsChange>();
  const registration = vscode.authentication.registerAuthenticationProvider(
    AUTH_PROVIDER_ID,
    AUTH_PROVIDER_LABEL,
    {
      onDidChangeSessions: changed.event,
      getSessions: async () => (await real()).getSessions(),
      createSession: async () => (await real()).createSession(),
      removeSession: async () => (await real()).removeSession(),
    },
    { supportsMultipleAccounts: false },
  );
  return {
    disposables: [changed, registration],
    follow: (p: BatonAuthProvider): vscode.Disposable => p.onDidChangeSessions((e) => changed.fire(e)),
  };
}
