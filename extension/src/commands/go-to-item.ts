import { BatonError, type AgentClient } from '@baton/client';
import { readItemKey, STATUS_LABEL, type ItemSummary } from '@baton/contracts';
import * as vscode from 'vscode';
import type { Services } from '../services.ts';

type Entry = vscode.QuickPickItem & { key?: string };

/**
 * What Go to Item offers for the typed text: a key (any case) is looked up as is; anything else runs as a search in
 * Baton's query language (`type:bug is:open checkout`), best 20; nothing typed, my open items. A key that names no
 * item, or a query the server refuses, shows the reason as an entry that opens nothing.
 */
export async function findItems(api: AgentClient, text: string): Promise<Entry[]> {
  const row = (i: Pick<ItemSummary, 'key' | 'title' | 'type' | 'priority' | 'status'>): Entry => ({
    label: i.key,
    description: i.title,
    detail: `${i.type} · ${i.priority} · ${STATUS_LABEL[i.status]}`,
    key: i.key,
    alwaysShow: true,
  });
  const problem = (e: unknown): Entry[] => [{ label: `$(warning) ${BatonError.from(e).message}`, alwaysShow: true }];
  const key = readItemKey(text);
  if (key) return api.items.get(key).then((i) => [row(i)], problem);
  const query = text.trim() || 'assignee:me is:open';
  return api.trpc.items.search.query({ productId: api.productId, query, limit: 20 }).then((found) => found.items.map(row), problem);
}

/**
 * Baton: Go to Item: a quick pick that opens any item by key, or by a search in the query language, results
 * updating as you type. `given` (tests, keybindings with args) skips the picker and opens the first match.
 */
export async function goToItem(s: Services, given?: string): Promise<string | undefined> {
  const state = s.connection.state;
  if (state.kind !== 'signedIn') {
    void vscode.commands.executeCommand('baton.signIn');
    return undefined;
  }
  const open = async (key: string | undefined) => {
    if (key) await vscode.commands.executeCommand('baton.openItem', key);
    return key;
  };
  if (given !== undefined) return open((await findItems(state.api, given)).find((e) => e.key)?.key);

  const pick = vscode.window.createQuickPick<Entry>();
  pick.title = 'Go to a Baton item';
  pick.placeholder = 'A key (BAT-42) or a search: type:bug is:open checkout, assignee:me label:auth';
  // the server searches: every entry is alwaysShow, so VS Code does not filter its answer again by the typed text
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const load = (text: string) => {
    const mine = ++generation;
    pick.busy = true;
    void findItems(state.api, text).then((items) => {
      if (mine !== generation) return;
      pick.items = items;
      pick.busy = false;
    });
  };
  pick.onDidChangeValue((text) => {
    clearTimeout(timer);
    timer = setTimeout(() => load(text), 250);
  });
  load('');
  const chosen = await new Promise<Entry | undefined>((resolve) => {
    pick.onDidAccept(() => resolve(pick.selectedItems[0]));
    pick.onDidHide(() => resolve(undefined));
    pick.show();
  });
  clearTimeout(timer);
  pick.dispose();
  return open(chosen?.key);
}
