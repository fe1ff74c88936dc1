import { branchName } from '@baton/contracts';
import * as vscode from 'vscode';
import { branchUser } from '../connection/identity.ts';
import { readSettings } from '../read-settings.ts';
import type { Services } from '../services.ts';
import type { SavedView } from '../settings.ts';
import { itemRefOf } from './item-arg.ts';

/** Copies the branch name Start Work would suggest, for people who make branches themselves. */
export async function copyBranchName(s: Services, arg: unknown): Promise<string | undefined> {
  const ref = itemRefOf(arg);
  if (!ref) return undefined;
  return s.connection.run(`copy the branch name of ${ref}`, async () => {
    const { api, identity } = s.connection.require();
    const item = await api.items.get(ref);
    const settings = readSettings();
    const name = branchName({ ...item, user: branchUser(identity) }, { template: settings.branchTemplate, maxLength: settings.branchMaxLength });
    await vscode.env.clipboard.writeText(name);
    void vscode.window.showInformationMessage(`Copied ${name}`);
    return name;
  });
}

export async function openInBrowser(s: Services, arg: unknown): Promise<void> {
  const state = s.connection.state;
  const ref = itemRefOf(arg);
  if (state.kind !== 'signedIn' || !ref) return;
  const url = `${state.serverUrl}/p/${state.identity.product.key}/items/${encodeURIComponent(ref)}`;
  await vscode.env.openExternal(vscode.Uri.parse(url));
}

/** Search Items: a query in Baton's language, checked by the server first, then shown as a view. */
export async function searchItems(s: Services, adHoc: SavedView[], given?: string): Promise<SavedView | undefined> {
  const query =
    given ??
    (await vscode.window.showInputBox({
      title: 'Search Baton items',
      prompt: 'Query language, e.g. type:bug is:open label:auth priority:>=high assignee:me sort:updated-desc',
      ignoreFocusOut: true,
    }));
  if (!query?.trim()) return undefined;
  const checked = await s.connection.run(`search for "${query}"`, async () => {
    const { api } = s.connection.require();
    await api.trpc.items.search.query({ productId: api.productId, query, limit: 1 });
    return true;
  });
  if (!checked) return undefined;
  const view = { name: `Search: ${query}`, query };
  adHoc.unshift(view);
  adHoc.splice(5); // the last few searches; saved views live in settings
  s.trees.search.refresh();
  await vscode.commands.executeCommand('baton.search.focus');
  return view;
}
