// End-to-end tests inside a real VS Code (code-server's extension host) against a running Baton with the demo
// seed. They drive the extension through its commands and check the result on the server and in git.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createClient } from '@baton/client';
import type { ItemSummary } from '@baton/contracts';
import * as vscode from 'vscode';
import type { BatonExports } from '../../src/extension.ts';
import type { BatonExtensionApi } from '../../src/main.ts';
import type { Node } from '../../src/tree/items-tree.ts';
import { config, dev, env, git, pm, repo, URL_, waitFor } from './harness.ts';
import { registerGoToItemSuite } from './go-to-item.test.ts';
import { registerHandMadeBranchSuite } from './hand-made-branch.test.ts';
import { registerItemKeysSuite } from './item-keys.test.ts';
import { registerNotificationsSuite } from './notifications.test.ts';
import { registerRecoverySuite } from './recovery.test.ts';
import { registerSignOutSuite } from './sign-out.test.ts';

export function registerSuite() {
  let baton: BatonExtensionApi;
  let productId: string;
  const itemsOf = async (nodes: Node[]): Promise<ItemSummary[]> => {
    const out: ItemSummary[] = [];
    for (const n of nodes) {
      if (n.kind === 'item') out.push(n.item);
      if (n.kind === 'group') out.push(...(await baton.trees.myItems.getChildren(n)).flatMap((c) => (c.kind === 'item' ? [c.item] : [])));
    }
    return out;
  };
  /** An open item assigned to dev that nobody holds, made fresh so tests never share one. */
  const freshItem = async (title: string) => {
    const me = await dev.auth.session.query();
    const item = await pm.items.create.mutate({ productId, type: 'bug', title, assigneeUserId: me!.userId, checklist: ['Reproduce', 'Fix'], idempotencyKey: `e2e:${Date.now()}:${Math.random()}` });
    return item;
  };

  describe('Baton extension in VS Code', function () {
    this.timeout(60_000);

    before(async () => {
      const ext = vscode.extensions.getExtension<BatonExports>('baton.baton-vscode');
      assert.ok(ext, 'the extension is installed');
      baton = await (await ext.activate()).ready();
      productId = (await dev.products.list.query()).find((p) => p.key === 'BAT')!.id;
    });

    describe('sign-in', () => {
      it('says the server cannot be reached when the URL is wrong, and offers the settings', async () => {
        await config().update('serverUrl', 'http://127.0.0.1:9', vscode.ConfigurationTarget.Global);
        await vscode.commands.executeCommand('baton.signInWithApiKey', 'bat_wrongserverwrongserver');
        assert.equal(baton.connection.state.kind, 'signedOut');
        assert.match(baton.connection.lastProblem ?? '', /cannot be reached.*baton\.serverUrl/);
        await config().update('serverUrl', URL_, vscode.ConfigurationTarget.Global);
      });

      it('refuses a mistyped API key as not accepted (not as an expired sign-in) and stores nothing', async () => {
        await vscode.commands.executeCommand('baton.signInWithApiKey', 'bat_thisisnotakeyanybodyissued');
        assert.equal(baton.connection.state.kind, 'signedOut');
        assert.match(baton.connection.lastProblem ?? '', /does not accept this key.*pasted whole/);
        assert.doesNotMatch(baton.connection.lastProblem ?? '', /expired/);
      });

      it('refuses a revoked API key with a clear message and stores nothing', async () => {
        const admin = createClient({ url: URL_, token: env('BATON_E2E_ADMIN_TOKEN') });
        const me = await admin.auth.me.query();
        const { key, secret } = await admin.apiKeys.create.mutate({ organizationId: me.memberships[0]!.organizationId, name: 'e2e-revoked', role: 'agent', scopes: ['read'] });
        await admin.apiKeys.revoke.mutate({ id: key.id });
        await vscode.commands.executeCommand('baton.signInWithApiKey', secret);
        assert.equal(baton.connection.state.kind, 'signedOut');
        assert.match(baton.connection.lastProblem ?? '', /does not accept this key.*has not been revoked/);
      });

      it('signs in with a pasted token and finds the person and the product', async () => {
        await vscode.commands.executeCommand('baton.signInWithApiKey', env('BATON_E2E_DEV_TOKEN'));
        const state = baton.connection.state;
        assert.equal(state.kind, 'signedIn');
        assert.equal(state.kind === 'signedIn' && state.identity.name, 'Dev Eloper');
        assert.equal(state.kind === 'signedIn' && state.identity.product.key, 'BAT');
        await waitFor('the live event stream', () => baton.live.mode === 'live');
      });
    });

    describe('views', () => {
      it('My Items groups exactly the open items assigned to me by status, in progress first', async () => {
        baton.trees.myItems.refresh();
        const top = await baton.trees.myItems.getChildren();
        const groups = top.flatMap((n) => (n.kind === 'group' ? [n.group.status] : []));
        assert.deepEqual(groups.slice(0, 2), ['in_progress', 'open']);
        const shown = (await itemsOf(top)).filter((i) => i.status !== 'done');
        const server = await dev.items.search.query({ productId, query: 'assignee:me status:open,in_progress', limit: 100 });
        assert.deepEqual(shown.map((i) => i.key).sort(), server.items.map((i) => i.key).sort());
        assert.ok(shown.length >= 5, `the seed assigns several items to dev (${shown.length})`);
        const row = baton.trees.myItems.getTreeItem(top.find((n) => n.kind === 'group' && n.group.status === 'open')!);
        assert.match(String(row.label), /^Open \(\d+\)$/);
      });

      it('Ready lists the server ready queue with Start Work on each row', async () => {
        const nodes = await baton.trees.ready.getChildren();
        const server = await dev.queue.ready.query({ productId, limit: 50 });
        assert.deepEqual(nodes.flatMap((n) => (n.kind === 'item' ? [n.item.key] : [])), server.items.map((i) => i.key));
        const first = nodes.find((n) => n.kind === 'item')!;
        assert.match(String(baton.trees.ready.getTreeItem(first).contextValue), /\bcanStart\b/);
      });

      it('saved views run the query language', async () => {
        const views = await baton.trees.search.getChildren();
        const bugs = views.find((v) => v.kind === 'view' && v.view.query === 'type:bug is:open')!;
        const rows = await baton.trees.search.getChildren(bugs);
        assert.ok(rows.length > 0);
        assert.ok(rows.every((r) => r.kind === 'item' && r.item.type === 'bug' && !['done', 'closed', 'wont_fix'].includes(r.item.status)));
      });
    });

    describe('start work', () => {
      it('claims the item, creates its branch from main, prefills the commit message and shows the lease', async () => {
        const item = await freshItem('Checkout total is wrong for EUR');
        const lease = await vscode.commands.executeCommand('baton.startWork', item.key, { quiet: true, base: 'main' });
        assert.ok(lease, baton.connection.lastProblem);
        const branch = `bug/${item.key.toLowerCase()}-checkout-total-is-wrong-for-eur`;
        assert.equal(git('rev-parse', '--abbrev-ref', 'HEAD'), branch);
        assert.equal(git('rev-parse', branch), git('rev-parse', 'main'));
        // visible on the server: held by dev, in progress
        const claims = await pm.claims.active.query({ productId, itemIds: [item.id] });
        assert.equal(claims[0]?.holder.name, 'Dev Eloper');
        assert.equal((await pm.items.get.query({ productId, ref: item.key })).status, 'in_progress');
        assert.match(baton.work.statusText ?? '', new RegExp(`${item.key} · \\d+m left`));
        const gitApi = vscode.extensions.getExtension('vscode.git')!.exports.getAPI(1);
        assert.equal(gitApi.repositories[0].inputBox.value, `${item.key}: `);
        // the tree marks it as mine, with the actions for work in progress
        baton.trees.myItems.refresh();
        const mine = (await itemsOf(await baton.trees.myItems.getChildren())).find((i) => i.id === item.id)!;
        assert.match(String(baton.trees.myItems.getTreeItem({ kind: 'item', item: mine }).contextValue), /\bworking\b/);
      });

      it('heartbeats: the lease expiry moves on the server', async () => {
        const before = (await pm.claims.active.query({ productId, itemIds: [baton.work.lease!.itemId] }))[0]!;
        await new Promise((r) => setTimeout(r, 1100));
        const lease = await baton.work.beat();
        assert.ok(lease);
        const after = (await pm.claims.active.query({ productId, itemIds: [lease.itemId] }))[0]!;
        assert.ok(after.leaseExpiresAt.getTime() > before.leaseExpiresAt.getTime());
      });

      it('Create Pull Request opens the forge new-PR page for the pushed branch, with the key in the title', async () => {
        const work = baton.work.current!;
        const branch = work.branch!;
        git('remote', 'add', 'origin', 'git@github.com:acme/shop.git');
        try {
          // as if pushed: the remote branch exists and the branch tracks it
          git('update-ref', `refs/remotes/origin/${branch}`, 'HEAD');
          git('branch', `--set-upstream-to=origin/${branch}`);
          const gitApi = vscode.extensions.getExtension<{ getAPI(v: 1): { repositories: { state: { HEAD?: { upstream?: unknown } }; status(): Promise<void> }[] } }>('vscode.git')!.exports.getAPI(1);
          await waitFor('git sees the upstream', async () => {
            await gitApi.repositories[0]!.status();
            return gitApi.repositories[0]!.state.HEAD?.upstream;
          });
          const page = new URL((await vscode.commands.executeCommand<string>('baton.createPr'))!);
          assert.equal(page.origin + page.pathname, `https://github.com/acme/shop/compare/${branch}`);
          assert.equal(page.searchParams.get('title'), `${work.lease.itemKey}: ${work.title}`);
          assert.equal(page.searchParams.get('expand'), '1');
        } finally {
          git('remote', 'remove', 'origin');
        }
      });

      it('links a PR and finishes: done on the server, the claim ends', async () => {
        const key = baton.work.current!.lease.itemKey;
        const pr = await vscode.commands.executeCommand<{ url: string }>('baton.linkPr', undefined, 'https://github.com/acme/shop/pull/42');
        assert.equal(pr?.url, 'https://github.com/acme/shop/pull/42');
        const prs = await pm.agent.pullRequests.query({ productId, ref: key });
        assert.deepEqual(prs.map((p) => [p.number, p.branch]), [[42, baton.work.current!.branch]]);
        assert.equal(await vscode.commands.executeCommand('baton.finish', undefined, { confirmed: true }), true);
        assert.equal((await pm.items.get.query({ productId, ref: key })).status, 'done');
        assert.equal(baton.work.current, undefined);
        assert.equal(baton.work.statusText, undefined);
      });

      it('closing the item being worked on from its item view ends the work when the server says the claim ended', async () => {
        git('checkout', '-q', 'main');
        const item = await freshItem('Closed from the item view');
        assert.ok(await vscode.commands.executeCommand('baton.startWork', item.key, { quiet: true, base: 'main' }));
        await vscode.commands.executeCommand('baton.openItem', item.key);
        await waitFor('the item panel', () => baton.panels.find(item.key)?.shown);
        // what the webview posts when the status select changes
        await baton.panels.find(item.key)!.handleMessage({ type: 'setStatus', status: 'wont_fix' });
        const history = await pm.claims.history.query({ productId, ref: item.key });
        assert.equal(history.items[0]?.endReason, 'released');
        assert.equal(baton.work.current, undefined);
        assert.equal(baton.work.statusText, undefined);
        baton.panels.find(item.key)!.panel.dispose();
        git('checkout', '-q', 'main');
      });

      it('checks out a branch that already exists instead of failing', async () => {
        git('checkout', '-q', 'main');
        const item = await freshItem('Existing branch case');
        git('branch', 'feature/existing');
        const lease = await vscode.commands.executeCommand('baton.startWork', item.key, { quiet: true, branch: 'feature/existing' });
        assert.ok(lease, baton.connection.lastProblem);
        assert.equal(git('rev-parse', '--abbrev-ref', 'HEAD'), 'feature/existing');
        assert.equal(await vscode.commands.executeCommand('baton.stopWork'), true);
        assert.deepEqual(await pm.claims.active.query({ productId, itemIds: [item.id] }), []);
        // the PM assigned it: giving the claim back leaves the assignment
        assert.equal((await pm.items.get.query({ productId, ref: item.key })).assignee?.name, 'Dev Eloper');
      });

      it('a dirty tree that conflicts with the branch: a clear message, and the claim is given back', async () => {
        git('checkout', '-q', 'main');
        git('checkout', '-q', '-b', 'feature/conflicting');
        writeFileSync(path.join(repo, 'README.md'), 'changed on the branch\n');
        git('commit', '-qam', 'branch change');
        git('checkout', '-q', 'main');
        writeFileSync(path.join(repo, 'README.md'), 'uncommitted local change\n');
        const repoApi = vscode.extensions.getExtension('vscode.git')!.exports.getAPI(1).repositories[0];
        await repoApi.status();
        const item = await freshItem('Dirty tree case');
        const lease = await vscode.commands.executeCommand('baton.startWork', item.key, { quiet: true, branch: 'feature/conflicting' });
        assert.equal(lease, undefined);
        assert.match(baton.connection.lastProblem ?? '', /uncommitted changes conflict.*Commit or stash/);
        assert.equal(git('rev-parse', '--abbrev-ref', 'HEAD'), 'main');
        assert.deepEqual(await pm.claims.active.query({ productId, itemIds: [item.id] }), []);
        assert.equal((await pm.items.get.query({ productId, ref: item.key })).assignee?.name, 'Dev Eloper');
        git('checkout', '--', 'README.md');
      });

      it('someone else holding the item: a clear message naming them', async () => {
        const item = await freshItem('Held by the PM');
        await pm.claims.claim.mutate({ productId, ref: item.key, idempotencyKey: `e2e:${Date.now()}:hold` });
        const lease = await vscode.commands.executeCommand('baton.startWork', item.key, { quiet: true, branch: 'task/held' });
        assert.equal(lease, undefined);
        assert.match(baton.connection.lastProblem ?? '', /Pat Manager is working on it until/);
      });

      it('a lost claim (someone else holds the item now) ends the work and says so', async () => {
        git('checkout', '-q', 'main');
        const item = await freshItem('Lost claim case');
        assert.ok(await vscode.commands.executeCommand('baton.startWork', item.key, { quiet: true, base: 'main' }));
        // dev releases it from elsewhere (the CLI), and the PM takes it before this window's next heartbeat
        const token = baton.work.lease!.fencingToken;
        await dev.claims.release.mutate({ productId, ref: item.key, fencingToken: token, reason: 'from the CLI', idempotencyKey: `e2e:${Date.now()}:rel` });
        await pm.claims.claim.mutate({ productId, ref: item.key, idempotencyKey: `e2e:${Date.now()}:take` });
        assert.equal(await baton.work.beat(), undefined);
        assert.equal(baton.work.current, undefined);
        assert.match(baton.work.lastLoss ?? '', new RegExp(`claim on ${item.key} ended: .*someone else holds the item now`));
        git('checkout', '-q', 'main');
      });
    });

    describe('item view and capture', () => {
      it('opens the item view with fields, checklist, comments and PRs; ticks a checklist entry in place', async () => {
        const item = await freshItem('Item view case');
        await vscode.commands.executeCommand('baton.openItem', item.key);
        const panel = await waitFor('the item panel', () => baton.panels.find(item.key)?.shown);
        assert.equal(panel.title, 'Item view case');
        assert.deepEqual(panel.checklist.map((c) => c.text), ['Reproduce', 'Fix']);
        const entry = panel.checklist[0]!;
        // what the webview posts when the box is ticked
        await baton.panels.find(item.key)!.handleMessage({ type: 'toggleChecklist', entryId: entry.id, done: true });
        const server = await pm.items.checklist.list.query({ productId, ref: item.key });
        assert.equal(server.find((c) => c.id === entry.id)?.done, true);
        await baton.panels.find(item.key)!.handleMessage({ type: 'addComment', body: 'From **VS Code**' });
        const comments = await pm.items.comments.list.query({ productId, ref: item.key });
        assert.ok(comments.items.some((c) => c.body === 'From **VS Code**'));
        // rendered in the host by the web app's renderer, for the page to insert
        const shown = await waitFor('the comment shown', () => baton.panels.find(item.key)?.shown?.comments.find((c) => c.body === 'From **VS Code**'));
        assert.match(shown.html, /^<p>From <strong>VS Code<\/strong><\/p>\s*$/);
        // a malformed message is ignored, never acted on
        await baton.panels.find(item.key)!.handleMessage({ type: 'setStatus', status: 'hacked' });
        assert.equal((await pm.items.get.query({ productId, ref: item.key })).status, 'open');
        baton.panels.find(item.key)!.panel.dispose();
      });

      it('copies the context pack for an agent', async () => {
        const item = await freshItem('Context pack case');
        const markdown = await vscode.commands.executeCommand<string>('baton.copyContext', item.key);
        assert.match(markdown ?? '', /Context pack case/);
        assert.equal(await vscode.env.clipboard.readText(), markdown);
      });

      it('creates an item from a selection with the file, lines and code', async () => {
        const doc = await vscode.workspace.openTextDocument(path.join(repo, 'src', 'cart.ts'));
        const editor = await vscode.window.showTextDocument(doc);
        editor.selection = new vscode.Selection(1, 0, 2, 0);
        const item = await vscode.commands.executeCommand<{ key: string; description: string }>('baton.createFromSelection', { title: 'Cart total ignores discounts', type: 'bug' });
        assert.ok(item, baton.connection.lastProblem);
        const stored = await pm.items.get.query({ productId, ref: item.key });
        assert.match(stored.description, /`src\/cart\.ts` L2-L3/);
        assert.match(stored.description, /```typescript\n/);
      });

      it('offers a code action on TODO comments and links the comment to the new item', async () => {
        const uri = vscode.Uri.file(path.join(repo, 'src', 'cart.ts'));
        const doc = await vscode.workspace.openTextDocument(uri);
        const line = doc.getText().split('\n').findIndex((l) => l.includes('TODO'));
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(line, 0, line, 0));
        const action = actions.find((a) => a.title === 'Create Baton item from TODO');
        assert.ok(action);
        const item = await vscode.commands.executeCommand<{ key: string; title: string }>('baton.createFromTodo', uri, line, { acceptDefaults: true });
        assert.equal(item?.title, 'round to cents before summing');
        assert.match(doc.lineAt(line).text, new RegExp(`TODO\\(${item!.key}\\): round to cents`));
        // leave the repository clean for the next suite
        await doc.save();
        git('checkout', '--', 'src/cart.ts');
      });
    });

    registerRecoverySuite(() => ({ baton, productId, freshItem }));
    registerHandMadeBranchSuite(() => ({ baton, productId, freshItem }));
    registerGoToItemSuite(() => ({ baton, productId, freshItem }));
    registerItemKeysSuite(() => ({ baton, productId, freshItem }));
    registerNotificationsSuite(() => ({ baton, productId, freshItem }));

    registerSignOutSuite(() => ({ baton }));
  });
}
