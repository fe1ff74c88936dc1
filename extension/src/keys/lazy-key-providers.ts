import { itemKeysInText } from '@baton/contracts/item-key';
import * as vscode from 'vscode';
import type { KeyProviders } from './key-providers.ts';

/** Where developers read and type keys: code and its comments, untitled notes, the commit box and commit files. */
const KEY_DOCUMENTS: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }, { language: 'scminput' }, { language: 'git-commit' }];
/** Where key completion is offered: what commit messages are written in. */
const COMMIT_DOCUMENTS: vscode.DocumentSelector = [{ language: 'scminput' }, { language: 'git-commit' }];
/** A document this long is not scanned for keys (generated files, logs). */
export const MAX_SCAN = 1_000_000;

/**
 * Registered at activation, these load the real providers (main.js, with the client) only for text that holds
 * something shaped like a key (`itemKeysInText` without products: `BAT-42`, but also `UTF-8`), or when completion
 * is asked for in a commit message; the real ones then keep to the products this person can see.
 */
export function registerKeyProviders(real: () => Promise<KeyProviders>): vscode.Disposable[] {
  const keyish = (text: string) => text.length <= MAX_SCAN && itemKeysInText(text, undefined, 1).length > 0;
  return [
    vscode.languages.registerHoverProvider(KEY_DOCUMENTS, {
      provideHover: async (doc, pos) => (keyish(doc.lineAt(pos.line).text) ? (await real()).provideHover(doc, pos) : undefined),
    }),
    vscode.languages.registerDocumentLinkProvider(KEY_DOCUMENTS, {
      provideDocumentLinks: async (doc) => (keyish(doc.getText()) ? (await real()).provideDocumentLinks(doc) : []),
    }),
    vscode.languages.registerCompletionItemProvider(COMMIT_DOCUMENTS, { provideCompletionItems: async (doc, pos) => (await real()).provideCompletionItems(doc, pos) }, '#', '-'),
  ];
}
