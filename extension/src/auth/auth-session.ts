import type * as vscode from 'vscode';
import type { Identity } from '../connection/identity.ts';

export const AUTH_PROVIDER_ID = 'baton';
export const AUTH_PROVIDER_LABEL = 'Baton';

type SignedInLike = { kind: string; serverUrl?: string; identity?: Pick<Identity, 'kind' | 'userId' | 'name' | 'email'> };

/**
 * The session VS Code's Accounts menu shows for the connection: one per server, carrying the very token the
 * connection signed in with. An API key is shown as such (it is a key for automation, not a person).
 */
export function sessionOf(state: SignedInLike, token: string | undefined): vscode.AuthenticationSession | undefined {
  if (state.kind !== 'signedIn' || !state.serverUrl || !state.identity || !token) return undefined;
  const host = new URL(state.serverUrl).host;
  const { identity } = state;
  const who = identity.kind === 'user' ? (identity.name ?? identity.email ?? 'you') : 'API key';
  return {
    id: `${state.serverUrl}#${identity.userId ?? 'apiKey'}`,
    accessToken: token,
    account: { id: identity.userId ?? `apiKey@${state.serverUrl}`, label: `${who} (${host})` },
    scopes: [],
  };
}

/** What changed between the session shown before and now, as VS Code's onDidChangeSessions wants it. */
export function sessionChange(
  before: vscode.AuthenticationSession | undefined,
  after: vscode.AuthenticationSession | undefined,
): vscode.AuthenticationProviderAuthenticationSessionsChangeEvent | undefined {
  if (before?.id === after?.id) {
    if (!before || !after || (before.accessToken === after.accessToken && before.account.label === after.account.label)) return undefined;
    return { added: [], removed: [], changed: [after] };
  }
  return { added: after ? [after] : [], removed: before ? [before] : [], changed: [] };
}
