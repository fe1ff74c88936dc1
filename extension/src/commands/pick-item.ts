import { ITEM_KEY_RULE, readItemKey, type ReadyItem } from '@baton/contracts';
import * as vscode from 'vscode';
import type { Services } from '../services.ts';
import { searchAll } from '../tree/load-items.ts';
import { itemChoices } from './item-choices.ts';

const ENTER_KEY = 'Enter a key…';
const GROUP_LABEL = { mine: 'Assigned to you', ready: 'Ready to claim' } as const;

/**
 * Asks for an item when a command runs from the palette: the ones assigned to me first, then (with `ready`, for
 * Start Work) the product's ready queue, or a typed key.
 */
export async function pickItem(s: Services, title: string, opts: { ready?: boolean } = {}): Promise<string | undefined> {
  const state = s.connection.state;
  if (state.kind !== 'signedIn') {
    void vscode.commands.executeCommand('baton.signIn');
    return undefined;
  }
  // either list failing still leaves the other and the typed key
  const [mine, ready] = await Promise.all([
    searchAll(state.api, 'assignee:me is:open', 100).then((r) => r.items, () => []),
    opts.ready ? state.api.items.ready({ limit: 50 }).then((p) => p.items, () => [] as ReadyItem[]) : [],
  ]);
  const rows: (vscode.QuickPickItem & { key?: string })[] = [];
  let group: string | undefined;
  for (const c of itemChoices(mine, ready)) {
    if (opts.ready && c.group !== group) rows.push({ label: GROUP_LABEL[c.group], kind: vscode.QuickPickItemKind.Separator });
    group = c.group;
    rows.push({ label: c.key, description: c.title, detail: c.detail, key: c.key });
  }
  rows.push({ label: ENTER_KEY, description: 'any item, e.g. BAT-42', alwaysShow: true });
  const pick = await vscode.window.showQuickPick(rows, { title, matchOnDescription: true });
  if (!pick) return undefined;
  if (pick.key) return pick.key;
  return vscode.window.showInputBox({
    title,
    prompt: 'The item key',
    validateInput: (v) => (readItemKey(v) ? undefined : `The key ${ITEM_KEY_RULE}`),
  }).then((v) => (v === undefined ? undefined : (readItemKey(v) ?? undefined)));
}
