import { itemKeysInText } from '@baton/contracts/item-key';
import * as vscode from 'vscode';
import { completionPrefix, escapeMarkdown, keyHoverLines } from './key-text.ts';
import type { ItemLookup } from './item-lookup.ts';

import { MAX_SCAN } from './lazy-key-providers.ts';

/** `command:baton.openItem?["BAT-42"]`: opens the item view from a link or a hover. */
export const openItemUri = (key: string) => vscode.Uri.parse(`command:baton.openItem?${encodeURIComponent(JSON.stringify([key]))}`);
const startWorkUri = (key: string) => vscode.Uri.parse(`command:baton.startWork?${encodeURIComponent(JSON.stringify([key]))}`);

/**
 * Hover, document link and completion for item keys. Keys are found with contracts' itemKeysInText, limited to the
 * products this person can see, so `UTF-8` is never taken for an item.
 */
export class KeyProviders implements vscode.HoverProvider, vscode.DocumentLinkProvider, vscode.CompletionItemProvider {
  constructor(private readonly lookup: ItemLookup) {}

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Hover | undefined> {
    const line = doc.lineAt(pos.line).text;
    const at = itemKeysInText(line, await this.lookup.productKeys()).find((k) => k.start <= pos.character && pos.character <= k.end);
    if (!at) return undefined;
    const info = await this.lookup.get(at.key);
    const range = new vscode.Range(pos.line, at.start, pos.line, at.end);
    const md = new vscode.MarkdownString(undefined, true);
    // only our own two commands run from this hover
    md.isTrusted = { enabledCommands: ['baton.openItem', 'baton.startWork'] };
    md.appendMarkdown(`**${at.key}** `);
    if (!info) {
      md.appendMarkdown('is not an item you can see in Baton (or Baton cannot be reached).');
      return new vscode.Hover(md, range);
    }
    // appendText would write every space as &nbsp;: escape the punctuation instead
    md.appendMarkdown(escapeMarkdown(info.title));
    for (const text of keyHoverLines(info, new Date())) md.appendMarkdown(`\n\n${escapeMarkdown(text)}`);
    md.appendMarkdown(`\n\n[$(go-to-file) Open ${at.key}](${openItemUri(at.key).toString()})`);
    if (!info.claim && (info.status === 'open' || info.status === 'in_progress'))
      md.appendMarkdown(` · [$(debug-start) Start Work](${startWorkUri(at.key).toString()})`);
    return new vscode.Hover(md, range);
  }

  async provideDocumentLinks(doc: vscode.TextDocument): Promise<vscode.DocumentLink[]> {
    const text = doc.getText();
    if (text.length > MAX_SCAN) return [];
    return itemKeysInText(text, await this.lookup.productKeys()).map((k) => {
      const link = new vscode.DocumentLink(new vscode.Range(doc.positionAt(k.start), doc.positionAt(k.end)), openItemUri(k.key));
      link.tooltip = `Open ${k.key} in Baton`;
      return link;
    });
  }

  async provideCompletionItems(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.CompletionItem[]> {
    const keys = await this.lookup.productKeys();
    const typed = completionPrefix(doc.lineAt(pos.line).text.slice(0, pos.character), keys);
    if (!typed) return [];
    const range = new vscode.Range(pos.line, typed.start, pos.line, pos.character);
    const items = await this.lookup.openItems();
    return items.map((item, rank) => {
      const c = new vscode.CompletionItem({ label: item.key, description: item.title }, vscode.CompletionItemKind.Reference);
      c.insertText = item.key;
      c.range = range;
      // typing after `#` filters on the title too (`#checkout`); otherwise on the key
      c.filterText = typed.text.startsWith('#') ? `#${item.key} ${item.title}` : item.key;
      c.sortText = String(rank).padStart(4, '0');
      c.detail = item.assignee ? `assigned to ${item.assignee.name}` : 'unassigned';
      return c;
    });
  }
}
