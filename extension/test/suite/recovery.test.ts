// Work that survives what goes wrong while it runs: a server restart, a lease that is really gone, failures
// whose buttons must do what they say, and ending work without losing what a PM set up.
import assert from 'node:assert/strict';
import type { Item } from '@baton/contracts';
import * as vscode from 'vscode';
import type { BatonExtensionApi } from '../../src/main.ts';
import { createClient } from '@baton/client';
import { backend, dev, env, git, pm, URL_, waitFor } from './harness.ts';

type Context = { baton: BatonExtensionApi; productId: string; freshItem: (title: string) => Promise<Item> };

export function registerRecoverySuite(get: () => Context) {
  describe('recovery', () => {
    const serverLease = async (itemId: string) => (await pm.claims.active.query({ productId: get().productId, itemIds: [itemId] }))[0];
    const assignee = async (key: string) => (await pm.items.get.query({ productId: get().productId, ref: key })).assignee?.name;
    /** The item is given back from elsewhere (the CLI, another window): this window's lease is gone. */
    const releaseElsewhere = async (key: string, fencingToken: number) =>
      dev.claims.release.mutate({ productId: get().productId, ref: key, fencingToken, reason: 'from the CLI', idempotencyKey: `e2e:${Date.now()}:${Math.random()}` });
    const startFresh = async (title: string) => {
      const { baton, freshItem } = get();
      git('checkout', '-q', 'main');
      const item = await freshItem(title);
      assert.ok(await vscode.commands.executeCommand('baton.startWork', item.key, { quiet: true, base: 'main' }), baton.connection.lastProblem);
      return item;
    };

    it('a server restart: the heartbeat keeps trying and renews the lease once the server is back', async function () {
      this.timeout(120_000);
      const { baton } = get();
      const item = await startFresh('Survives a server restart');
      const before = (await serverLease(item.id))!.leaseExpiresAt.getTime();
      const lossBefore = baton.work.lastLoss;
      await backend('stop');
      let reloads = 0;
      const watching = baton.trees.myItems.onDidChangeTreeData(() => reloads++);
      try {
        // a beat finds the server away: the work stays, the status bar says offline
        assert.equal(await baton.work.beat(), undefined);
        assert.equal(baton.work.current?.lease.itemKey, item.key);
        assert.match(baton.work.statusText ?? '', new RegExp(`${item.key} · offline`));
        assert.equal(baton.work.lastLoss, lossBefore, 'an unreachable server is not a lost claim');
      } finally {
        await backend('start');
      }
      // nobody beats by hand from here: the background heartbeat finds the server back and renews
      await waitFor('the lease renewed after the restart', async () => ((await serverLease(item.id))?.leaseExpiresAt.getTime() ?? 0) > before, 60_000);
      await waitFor('the status bar back online', () => /· \d+m left/.test(baton.work.statusText ?? ''), 15_000);
      assert.equal(baton.work.current?.lease.itemKey, item.key);
      assert.equal((await serverLease(item.id))?.holder.name, 'Dev Eloper');
      // the views reloaded by themselves once the server was back: no "cannot be reached" left until Refresh
      watching.dispose();
      assert.ok(reloads > 0, 'the views reloaded');
      const rows = await baton.trees.myItems.getChildren();
      assert.deepEqual(rows.filter((r) => r.kind === 'note'), []);
    });

    it('a lease really gone: says so, keeps the PM assignment, and Claim Again claims it on the same branch', async () => {
      const { baton } = get();
      const work = baton.work.current!;
      const key = work.lease.itemKey;
      await releaseElsewhere(key, baton.work.lease!.fencingToken);
      assert.equal(await baton.work.beat(), undefined);
      assert.equal(baton.work.current, undefined);
      assert.match(baton.work.lastLoss ?? '', new RegExp(`claim on ${key} ended: it was released or ran out, and nobody holds the item now`));
      assert.equal(await assignee(key), 'Dev Eloper');
      const offer = baton.connection.lastOffer!;
      assert.deepEqual(offer.actions, ['Claim Again', 'Open Item']);
      const lease = await offer.choose('Claim Again');
      assert.ok(lease, baton.connection.lastProblem);
      assert.equal(get().baton.work.current?.lease.itemKey, key);
      assert.equal(git('rev-parse', '--abbrev-ref', 'HEAD'), work.branch);
      assert.equal((await serverLease(work.lease.itemId))?.holder.name, 'Dev Eloper');
      assert.equal(await vscode.commands.executeCommand('baton.stopWork'), true);
      assert.equal(await assignee(key), 'Dev Eloper');
    });

    it('every button offered on a Link PR or Finish failure works: Open Item opens it, Claim Again claims it', async () => {
      const { baton } = get();
      const item = await startFresh('Buttons that work');
      // Link PR after the lease went: the message offers both, and the stale work is forgotten at once
      await releaseElsewhere(item.key, baton.work.lease!.fencingToken);
      assert.equal(await vscode.commands.executeCommand('baton.linkPr', undefined, 'https://github.com/acme/shop/pull/7'), undefined);
      assert.match(baton.connection.lastProblem ?? '', /Could not link the PR.*your claim ended/);
      assert.equal(baton.work.current, undefined);
      let offer = baton.connection.lastOffer!;
      assert.deepEqual(offer.actions, ['Claim Again', 'Open Item']);
      await offer.choose('Open Item');
      await waitFor('the item panel', () => baton.panels.find(item.key)?.shown);
      baton.panels.find(item.key)!.panel.dispose();
      assert.ok(await offer.choose('Claim Again'), baton.connection.lastProblem);
      assert.equal(get().baton.work.current?.lease.itemKey, item.key);

      // Finish after the lease went (a PR is linked, so Finish asks nothing first)
      assert.ok(await vscode.commands.executeCommand('baton.linkPr', undefined, 'https://github.com/acme/shop/pull/7'));
      await releaseElsewhere(item.key, baton.work.lease!.fencingToken);
      assert.equal(await vscode.commands.executeCommand('baton.finish', undefined, { confirmed: true }), false);
      assert.match(baton.connection.lastProblem ?? '', /Could not finish.*your claim ended/);
      offer = baton.connection.lastOffer!;
      assert.deepEqual(offer.actions, ['Claim Again', 'Open Item']);
      await offer.choose('Open Item');
      await waitFor('the item panel', () => baton.panels.find(item.key)?.shown);
      baton.panels.find(item.key)!.panel.dispose();
      assert.ok(await offer.choose('Claim Again'), baton.connection.lastProblem);
      assert.equal(await vscode.commands.executeCommand('baton.finish', undefined, { confirmed: true }), true);
      assert.equal((await pm.items.get.query({ productId: get().productId, ref: item.key })).status, 'done');
    });

    it('Start Work on an item this person holds elsewhere takes it over: a new token, the old one refused', async () => {
      const { baton, productId, freshItem } = get();
      git('checkout', '-q', 'main');
      const item = await freshItem('Held in another window');
      // another window (or the CLI) of the same person holds it
      const other = await dev.claims.claim.mutate({ productId, ref: item.key, idempotencyKey: `e2e:${Date.now()}:other` });
      const lease = await vscode.commands.executeCommand<{ fencingToken: number }>('baton.startWork', item.key, { quiet: true, base: 'main' });
      assert.ok(lease, baton.connection.lastProblem);
      assert.ok(lease.fencingToken > other.fencingToken);
      // the other holder's token stops working; this window's works
      await assert.rejects(
        dev.claims.heartbeat.mutate({ productId, ref: item.key, fencingToken: other.fencingToken, idempotencyKey: `e2e:${Date.now()}:old` }),
        /fencing token is not the current one/,
      );
      assert.ok(await baton.work.beat());
      assert.equal(await vscode.commands.executeCommand('baton.stopWork'), true);
      assert.equal(await assignee(item.key), 'Dev Eloper');
    });

    it('an archived product: a write says the product is archived and read-only, by name', async () => {
      const { baton, productId, freshItem } = get();
      const item = await freshItem('Archived meanwhile');
      const admin = createClient({ url: URL_, token: env('BATON_E2E_ADMIN_TOKEN') });
      await admin.products.archive.mutate({ productId, idempotencyKey: `e2e:${Date.now()}:archive` });
      try {
        await vscode.commands.executeCommand('baton.openItem', item.key);
        const panel = await waitFor('the item panel', () => baton.panels.find(item.key));
        await waitFor('the item shown', () => panel.shown);
        await panel.handleMessage({ type: 'addComment', body: 'Too late' });
        assert.equal(baton.connection.lastProblem, `Could not update ${item.key}: product BAT is archived; it is read-only until an owner or admin unarchives it.`);
        assert.deepEqual(baton.connection.lastOffer?.actions, []);
        panel.panel.dispose();
      } finally {
        await admin.products.unarchive.mutate({ productId, idempotencyKey: `e2e:${Date.now()}:unarchive` });
      }
    });

    it('setting Done from the item view while working clears the status bar at once', async () => {
      const { baton } = get();
      const item = await startFresh('Done from the item view');
      await vscode.commands.executeCommand('baton.openItem', item.key);
      await waitFor('the item panel', () => baton.panels.find(item.key)?.shown);
      // what the webview posts when the status select changes
      await baton.panels.find(item.key)!.handleMessage({ type: 'setStatus', status: 'done' });
      assert.equal((await pm.items.get.query({ productId: get().productId, ref: item.key })).status, 'done');
      assert.equal(await serverLease(item.id), undefined);
      assert.equal(baton.work.current, undefined);
      assert.equal(baton.work.statusText, undefined);
      baton.panels.find(item.key)!.panel.dispose();
      git('checkout', '-q', 'main');
    });
  });
}
