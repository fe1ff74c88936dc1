// Item keys where developers read and type them: a hover and a link on a key in code, completion in a commit message.
import assert from 'node:assert/strict';
import type { Item } from '@baton/contracts';
import * as vscode from 'vscode';
import type { BatonExtensionApi } from '../../src/main.ts';
import { dev, waitFor } from './harness.ts';

type Context = { baton: BatonExtensionApi; productId: string; freshItem: (title: string) => Promise<Item> };

/** The hovers' markdown, with markdown's escapes taken out (what a reader sees, links aside). */
const hoverText = (hovers: vscode.Hover[]) =>
  hovers
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')))
    .join('\n')
    .replace(/\\(.)/g, '$1');

export function registerItemKeysSuite(get: () => Context) {
  describe('item keys in the editor', () => {
    it('a key in a comment has a hover (title, status, assignee, lease, Open) and a link that opens the item', async () => {
      const { baton, productId, freshItem } = get();
      const item = await freshItem('Rounding drifts on refunds');
      await dev.claims.claim.mutate({ productId, ref: item.key, idempotencyKey: `e2e:${Date.now()}:hover` });
      const text = `// see ${item.key} for why; UTF-8 and SHA-256 are not items\nconst x = 1;\n`;
      const doc = await vscode.workspace.openTextDocument({ language: 'typescript', content: text });
      const at = new vscode.Position(0, text.indexOf(item.key) + 2);
      const hover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at));
      assert.match(hover, new RegExp(`^\\*\\*${item.key}\\*\\* Rounding drifts on refunds$`, 'm'));
      assert.match(hover, /Bug · In progress · medium priority/);
      assert.match(hover, /Assigned to Dev Eloper/);
      assert.match(hover, /You are working on it \(claim \d+m left\)/);
      assert.match(hover, new RegExp(`\\[\\$\\(go-to-file\\) Open ${item.key}\\]\\(command:baton\\.openItem\\?`));
      // nothing on what only looks like a key
      const utf = new vscode.Position(0, text.indexOf('UTF-8') + 1);
      assert.equal(hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, utf)).includes('UTF-8'), false);

      const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
      const ours = links.filter((l) => l.target?.scheme === 'command');
      assert.equal(ours.length, 1);
      assert.equal(doc.getText(ours[0]!.range), item.key);
      assert.equal(ours[0]!.target!.path, 'baton.openItem');
      const [key] = JSON.parse(decodeURIComponent(ours[0]!.target!.query)) as [string];
      // what following the link runs
      await vscode.commands.executeCommand('baton.openItem', key);
      (await waitFor('the item panel', () => (baton.panels.find(item.key)?.shown ? baton.panels.find(item.key) : undefined))).panel.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('a commit message completes keys after # and after the product key', async () => {
      const { freshItem } = get();
      const item = await freshItem('Coupon field loses focus');
      const doc = await vscode.workspace.openTextDocument({ language: 'git-commit', content: 'Fix coupon focus #\n\nRefs BAT-' });
      const complete = async (line: number, character: number, trigger?: string) =>
        (await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(line, character), trigger)).items.filter(
          (c) => c.kind === vscode.CompletionItemKind.Reference,
        );
      const afterHash = await complete(0, 'Fix coupon focus #'.length, '#');
      const offered = afterHash.find((c) => (typeof c.label === 'string' ? c.label : c.label.label) === item.key);
      assert.ok(offered, `offered: ${afterHash.map((c) => (typeof c.label === 'string' ? c.label : c.label.label)).join(', ')}`);
      assert.equal(offered.insertText, item.key);
      // the # itself is replaced by the key
      const range = offered.range as vscode.Range;
      assert.equal(doc.getText(range), '#');
      const afterKey = await complete(2, 'Refs BAT-'.length, '-');
      const again = afterKey.find((c) => c.insertText === item.key);
      assert.ok(again);
      assert.equal(doc.getText(again.range as vscode.Range), 'BAT-');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });
  });
}
