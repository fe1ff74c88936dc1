// Baton: Go to Item, the palette's way to any item: by key, or by a search in the query language.
import assert from 'node:assert/strict';
import type { Item } from '@baton/contracts';
import * as vscode from 'vscode';
import { findItems } from '../../src/commands/go-to-item.ts';
import type { BatonExtensionApi } from '../../src/main.ts';
import { waitFor } from './harness.ts';

type Context = { baton: BatonExtensionApi; productId: string; freshItem: (title: string) => Promise<Item> };

export function registerGoToItemSuite(get: () => Context) {
  describe('go to item', () => {
    it('opens an item by its key in any case, or by a query-language search', async () => {
      const { baton, freshItem } = get();
      const item = await freshItem('Gazpacho recipe renders twice');
      assert.equal(await vscode.commands.executeCommand('baton.goToItem', item.key.toLowerCase()), item.key);
      (await waitFor('the item panel', () => baton.panels.find(item.key))).panel.dispose();
      assert.equal(await vscode.commands.executeCommand('baton.goToItem', 'type:bug gazpacho'), item.key);
      (await waitFor('the item panel', () => baton.panels.find(item.key))).panel.dispose();
      // what the picker lists as one types: the key first, then the matches; a refused query says why
      const state = baton.connection.require();
      const entries = await findItems(state.api, item.key);
      assert.equal(entries[0]?.key, item.key);
      assert.equal(entries[0]?.description, 'Gazpacho recipe renders twice');
      const missing = await findItems(state.api, 'BAT-999999');
      assert.equal(missing.length, 1);
      assert.equal(missing[0]?.key, undefined);
      const refused = await findItems(state.api, 'priority:>=nonsense');
      assert.equal(refused.length, 1);
      assert.equal(refused[0]?.key, undefined);
      assert.match(refused[0]!.label, /\$\(warning\) /);
    });
  });
}
