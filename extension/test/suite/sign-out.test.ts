// Signing out, last: the token is forgotten and the welcome view names the server it would sign in to, also when
// baton.serverUrl is invalid and the default is used instead.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { BatonExtensionApi } from '../../src/main.ts';
import { config, URL_, waitFor } from './harness.ts';

export function registerSignOutSuite(get: () => { baton: BatonExtensionApi }) {
  describe('sign out', () => {
    it('the Accounts menu shows the sign-in as a Baton session; removing it there signs out; a command sign-in shows again', async () => {
      const { baton } = get();
      const token = baton.connection.accessToken;
      assert.ok(token);
      const changes: string[] = [];
      const listening = baton.auth.onDidChangeSessions((e) => changes.push(`+${e.added?.length ?? 0} -${e.removed?.length ?? 0}`));
      try {
        const [session, ...more] = await baton.auth.getSessions();
        assert.deepEqual(more, []);
        assert.equal(session?.accessToken, token);
        assert.equal(session?.account.label, `Dev Eloper (${new URL(URL_).host})`);
        await baton.auth.removeSession();
        assert.equal(baton.connection.state.kind, 'signedOut');
        assert.deepEqual(await baton.auth.getSessions(), []);
        await vscode.commands.executeCommand('baton.signInWithApiKey', token);
        assert.equal((await baton.auth.getSessions())[0]?.id, session.id);
        await waitFor('both changes announced', () => changes.length === 2);
        assert.deepEqual(changes, ['+0 -1', '+1 -0']);
      } finally {
        listening.dispose();
      }
    });

    it('forgets the token and shows the sign-in view, which names the server', async () => {
      const { baton } = get();
      const header = () => baton.treeViews.get('baton.myItems')!.description;
      assert.equal(header(), `BAT · ${new URL(URL_).host}`);
      await vscode.commands.executeCommand('baton.signOut');
      assert.equal(baton.connection.state.kind, 'signedOut');
      assert.deepEqual(await baton.trees.myItems.getChildren(), []);
      assert.equal(header(), new URL(URL_).host);
    });

    it('an invalid baton.serverUrl: the view names the default server it falls back to', async () => {
      const { baton } = get();
      const header = () => baton.treeViews.get('baton.myItems')!.description;
      await config().update('serverUrl', 'baton.example.com', vscode.ConfigurationTarget.Global);
      try {
        await waitFor('the default server named', () => header() === '127.0.0.1:3000');
      } finally {
        await config().update('serverUrl', URL_, vscode.ConfigurationTarget.Global);
      }
      await waitFor('the configured server named again', () => header() === new URL(URL_).host);
    });
  });
}
