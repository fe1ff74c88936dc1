import * as vscode from 'vscode';
import { findTodo } from './item-from-code.ts';

/** Offers "Create Baton item from TODO" on TODO/FIXME comments that do not name an item yet. Light: no client. */
export class TodoCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (let line = range.start.line; line <= range.end.line && line < doc.lineCount; line++) {
      const todo = findTodo(doc.lineAt(line).text);
      if (!todo || todo.key) continue;
      const action = new vscode.CodeAction(`Create Baton item from ${todo.tag}`, vscode.CodeActionKind.QuickFix);
      action.command = { command: 'baton.createFromTodo', title: action.title, arguments: [doc.uri, line] };
      actions.push(action);
    }
    return actions;
  }
}
