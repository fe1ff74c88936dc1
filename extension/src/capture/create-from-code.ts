import { ItemType, type Item } from '@baton/contracts';
import * as vscode from 'vscode';
import type { Services } from '../services.ts';
import { describeCode, findTodo, linkTodo, suggestTitle, todoType, type CodeSpot } from './item-from-code.ts';

/** Given fields skip their prompt; `acceptDefaults` takes the suggestions as they are (no prompts at all). */
export type CreateOptions = { title?: string; type?: ItemType; acceptDefaults?: boolean };

function spotOf(editor: vscode.TextEditor, range: vscode.Range): CodeSpot {
  const full = new vscode.Range(range.start.line, 0, range.end.line, editor.document.lineAt(range.end.line).text.length);
  return {
    path: vscode.workspace.asRelativePath(editor.document.uri, false),
    startLine: range.start.line,
    endLine: range.end.line,
    languageId: editor.document.languageId,
    code: editor.document.getText(range.isEmpty ? full : range),
  };
}

async function askAndCreate(
  s: Services,
  defaults: { title: string; type: ItemType; description: string },
  opts: CreateOptions = {},
): Promise<Item | undefined> {
  const title =
    opts.title ??
    (opts.acceptDefaults ? defaults.title : undefined) ??
    (await vscode.window.showInputBox({
      title: 'New Baton item: title',
      value: defaults.title,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? (v.length > 200 ? 'At most 200 characters' : undefined) : 'A title is required'),
    }));
  if (!title) return undefined;
  const type =
    opts.type ??
    (opts.acceptDefaults ? defaults.type : undefined) ??
    (await vscode.window.showQuickPick(
      ItemType.options.map((t) => ({ label: t, picked: t === defaults.type })),
      { title: 'New Baton item: type', placeHolder: defaults.type },
    ))?.label;
  if (!type) return undefined;
  const item = await s.connection.run('create the item', () =>
    s.connection.require().api.items.create({ type: ItemType.parse(type), title: title.trim(), description: defaults.description }),
  );
  if (item) {
    s.refreshAll();
    void vscode.window.showInformationMessage(`Created ${item.key}: ${item.title}`, 'Open').then((c) => {
      if (c) void vscode.commands.executeCommand('baton.openItem', item.key);
    });
  }
  return item;
}

/** "Create Baton item from selection": the title from the first line, the file, lines and code in the description. */
export async function createFromSelection(s: Services, opts: CreateOptions = {}): Promise<Item | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Select some code in an editor first.');
    return undefined;
  }
  const spot = spotOf(editor, editor.selection);
  return askAndCreate(s, { title: suggestTitle(spot.code), type: 'task', description: describeCode(spot) }, opts);
}

/** The code action's target: creates an item from the TODO on `line`, then writes its key into the comment. */
export async function createFromTodo(
  s: Services,
  uri: vscode.Uri,
  line: number,
  opts: CreateOptions = {},
): Promise<Item | undefined> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc, { preserveFocus: true });
  const text = doc.lineAt(line).text;
  const todo = findTodo(text);
  if (!todo) return undefined;
  const range = new vscode.Range(Math.max(0, line - 3), 0, Math.min(doc.lineCount - 1, line + 3), 0);
  const spot = spotOf(editor, new vscode.Range(range.start, doc.lineAt(range.end.line).range.end));
  const item = await askAndCreate(s, { title: todo.text || `${todo.tag} in ${spot.path}`, type: todoType(todo), description: describeCode(spot, `${todo.tag}: ${todo.text}`) }, opts);
  if (item) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, doc.lineAt(line).range, linkTodo(text, todo, item.key));
    await vscode.workspace.applyEdit(edit);
  }
  return item;
}
