// Signing out, last: the token is forgotten and the welcome view names the server it would sign in to, also when
// baton.serverUrl is invalid and the default is used instead.
import assert from 'node:assert/strict';
import { createClient } from '@baton/client';
import * as vscode from 'vscode';
import type { BatonExtensionApi } from '../../src/main.ts';
import { config, env, URL_, waitFor } from './harness.ts';

export function registerSignOutSuite(get: () => { baton: BatonExtensionApi }) {
  describe('sign out', () => {
    it('forgets the token and shows the sign-in view, which names the server', async () => {
      const { baton } = get();
      const header = () => baton.treeViews.get('baton.myItems')!.description;
      assert.equal(header(), `BAT · ${new URL(URL_).host}`);
      await vscode.commands.executeCommand('baton.signOut');
      assert.equal(baton.connection.state.kind, 'signedOut');
      assert.deepEqual(await baton.trees.myItems.getChildren(), []);
      assert.equal(header(), new URL(URL_).host);
    });

    it('the Accounts menu: a sign-in shows as a Baton session with the connection token; removing it there signs out', async () => {
      const { baton } = get();
      assert.equal(baton.connection.state.kind, 'signedOut');
      assert.deepEqual(await baton.auth.getSessions(), []);
      const admin = createClient({ url: URL_, token: env('BATON_E2E_ADMIN_TOKEN') });
      const me = await admin.auth.me.query();
      const { secret } = await admin.apiKeys.create.mutate({ organizationId: me.memberships[0]!.organizationId, name: 'e2e-accounts', role: 'agent', scopes: ['read'] });
      const changes: string[] = [];
      const listening = baton.auth.onDidChangeSessions((e) => changes.push(`+${e.added?.length ?? 0} -${e.removed?.length ?? 0}`));
      try {
        await vscode.commands.executeCommand('baton.signInWithApiKey', secret);
        const [session, ...more] = await baton.auth.getSessions();
        assert.deepEqual(more, []);
        assert.equal(session?.accessToken, secret);
        assert.equal(session?.account.label, `API key (${new URL(URL_).host})`);
        await baton.auth.removeSession();
        assert.equal(baton.connection.state.kind, 'signedOut');
        assert.deepEqual(await baton.auth.getSessions(), []);
        await waitFor('both changes announced', () => changes.length === 2);
        assert.deepEqual(changes, ['+1 -0', '+0 -1']);
      } finally {
        listening.dispose();
      }
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
