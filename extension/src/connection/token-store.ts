import type * as vscode from 'vscode';

/** The sign-in token, kept in VS Code's SecretStorage (the OS keychain on desktop), one per server. */
export class TokenStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  private key(serverUrl: string) {
    return `baton.token:${serverUrl}`;
  }
  get(serverUrl: string): Thenable<string | undefined> {
    return this.secrets.get(this.key(serverUrl));
  }
  set(serverUrl: string, token: string): Thenable<void> {
    return this.secrets.store(this.key(serverUrl), token);
  }
  delete(serverUrl: string): Thenable<void> {
    return this.secrets.delete(this.key(serverUrl));
  }
  /** fires for any change, also from another window */
  onDidChange(listener: () => void): vscode.Disposable {
    return this.secrets.onDidChange((e) => {
      if (e.key.startsWith('baton.token:')) listener();
    });
  }
}
