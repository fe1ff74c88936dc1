import { ITEM_KEY_RULE, readItemKey } from '@baton/contracts';
import * as vscode from 'vscode';
import type { Services } from '../services.ts';
import { searchAll } from '../tree/load-items.ts';

/** Asks for an item when a command runs from the palette: the ones assigned to me first, or a typed key. */
export async function pickItem(s: Services, title: string): Promise<string | undefined> {
  const state = s.connection.state;
  if (state.kind !== 'signedIn') {
    void vscode.commands.executeCommand('baton.signIn');
    return undefined;
  }
  const { items } = await searchAll(state.api, 'assignee:me is:open', 100).catch(() => ({ items: [] }));
  const pick = await vscode.window.showQuickPick(
    [
      ...items.map((i) => ({ label: i.key, description: i.title, detail: `${i.type} · ${i.priority} · ${i.status}` })),
      { label: 'Enter a key…', description: 'any item, e.g. BAT-42', alwaysShow: true },
    ],
    { title, matchOnDescription: true },
  );
  if (!pick) return undefined;
  if (pick.label !== 'Enter a key…') return pick.label;
  return vscode.window.showInputBox({
    title,
    prompt: 'The item key',
    validateInput: (v) => (readItemKey(v) ? undefined : `The key ${ITEM_KEY_RULE}`),
  }).then((v) => (v === undefined ? undefined : (readItemKey(v) ?? undefined)));
}
