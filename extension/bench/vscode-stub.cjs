// The slice of the `vscode` module the extension touches while activating and rendering trees, as cheap no-ops:
// the benchmark measures the extension's own cost (loading its bundle, wiring, building rows), not VS Code's.
const disposable = () => ({ dispose() {} });
class EventEmitter {
  listeners = [];
  event = (l) => (this.listeners.push(l), disposable());
  fire(v) { for (const l of this.listeners) l(v); }
  dispose() { this.listeners = []; }
}
class CodeAction { constructor(title, kind) { this.title = title; this.kind = kind; } }
class TreeItem { constructor(label, collapsibleState) { this.label = label; this.collapsibleState = collapsibleState; } }
class ThemeIcon { constructor(id, color) { this.id = id; this.color = color; } }
class ThemeColor { constructor(id) { this.id = id; } }
class MarkdownString { constructor(value) { this.value = value; } }
const Uri = { parse: (s) => ({ toString: () => s }), joinPath: (u, ...p) => ({ path: [u.path, ...p].join('/') }), file: (p) => ({ path: p }) };
const config = { get: () => undefined, update: async () => {} };
module.exports = {
  EventEmitter, CodeAction, TreeItem, ThemeIcon, ThemeColor, MarkdownString, Uri,
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  StatusBarAlignment: { Left: 1, Right: 2 },
  CodeActionKind: { QuickFix: { value: 'quickfix' } },
  ConfigurationTarget: { Global: 1 },
  window: {
    createStatusBarItem: () => ({ show() {}, hide() {}, dispose() {} }),
    createTreeView: disposable,
    showWarningMessage: async () => undefined,
    showErrorMessage: async () => undefined,
    showInformationMessage: async () => undefined,
  },
  workspace: { getConfiguration: () => config, onDidChangeConfiguration: disposable },
  commands: { registerCommand: disposable, executeCommand: async () => undefined },
  languages: { registerCodeActionsProvider: disposable },
  extensions: { getExtension: () => undefined },
  env: { appName: 'bench' },
};
