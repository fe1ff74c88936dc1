// A branch the developer made by hand, outside Start Work: the key in its name is recognised.
import assert from 'node:assert/strict';
import type { Item } from '@baton/contracts';
import * as vscode from 'vscode';
import type { BatonExtensionApi } from '../../src/main.ts';
import { git, pm, waitFor } from './harness.ts';

type Context = { baton: BatonExtensionApi; productId: string; freshItem: (title: string) => Promise<Item> };

export function registerHandMadeBranchSuite(get: () => Context) {
  describe('a branch made by hand', () => {
    it('shows the item its name has the key of, and Start Work from there claims it on that branch', async () => {
      const { baton, productId, freshItem } = get();
      assert.equal(baton.work.current, undefined);
      git('checkout', '-q', 'main');
      const item = await freshItem('Branched by hand');
      const branch = `bug/${item.key.toLowerCase()}-my-own-name`;
      git('checkout', '-q', '-b', branch);
      await vscode.extensions.getExtension('vscode.git')!.exports.getAPI(1).repositories[0].status();
      const entry = await waitFor('the branch entry in the status bar', () => baton.branchItem.entry);
      assert.equal(entry.text, `$(git-branch) ${item.key} · Start Work`);
      // what clicking the entry runs
      const lease = await vscode.commands.executeCommand(entry.command.command, ...(entry.command.arguments ?? []));
      assert.ok(lease, baton.connection.lastProblem);
      assert.equal(get().baton.work.current?.branch, branch);
      assert.equal(git('rev-parse', '--abbrev-ref', 'HEAD'), branch);
      assert.equal((await pm.claims.active.query({ productId, itemIds: [item.id] }))[0]?.holder.name, 'Dev Eloper');
      // working on it: the work's own entry shows it, the branch entry goes
      await waitFor('the branch entry gone', () => !baton.branchItem.entry);
      assert.equal(await vscode.commands.executeCommand('baton.stopWork'), true);
      git('checkout', '-q', 'main');
      await vscode.extensions.getExtension('vscode.git')!.exports.getAPI(1).repositories[0].status();
      await waitFor('no entry on main', () => !baton.branchItem.entry);
    });
  });
}
