import * as vscode from 'vscode';
import type { Services } from '../services.ts';
import { itemRefOf } from './item-arg.ts';
import { pickItem } from './pick-item.ts';

/** Copy Context for Agent: the item's context pack (description, checklist, links, comments) as Markdown. */
export async function copyContext(s: Services, arg?: unknown): Promise<string | undefined> {
  const ref = itemRefOf(arg) ?? s.work.current?.lease.itemKey ?? (await pickItem(s, 'Copy the context of which item?'));
  if (!ref) return undefined;
  const pack = await s.connection.run(`copy the context of ${ref}`, () => s.connection.require().api.items.context(ref, { budget: 16_000 }), { item: ref });
  if (!pack) return undefined;
  await vscode.env.clipboard.writeText(pack.markdown);
  const left = pack.omitted.length ? ` (left out to fit: ${pack.omitted.join(', ')})` : '';
  void vscode.window.showInformationMessage(`Copied the context of ${ref} for your agent: ${pack.chars} characters${left}.`);
  return pack.markdown;
}
