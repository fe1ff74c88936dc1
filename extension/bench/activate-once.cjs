// One cold start in a fresh process: load the production bundle and call activate() (what VS Code waits for), then
// load the real extension as the first opened view does (exports.ready()); prints JSON timings.
const Module = require('node:module');
const path = require('node:path');
const stub = require('./vscode-stub.cjs');
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? stub : load.call(this, request, ...rest);
};
const t0 = performance.now();
const ext = require(path.resolve(__dirname, '../dist/extension.js'));
const t1 = performance.now();
const memento = new Map();
const context = {
  subscriptions: [],
  extensionUri: { path: path.resolve(__dirname, '..') },
  workspaceState: { get: (k) => memento.get(k), update: async (k, v) => void memento.set(k, v) },
  secrets: { get: async () => undefined, store: async () => {}, delete: async () => {}, onDidChange: () => ({ dispose() {} }) },
};
const api = ext.activate(context);
const t2 = performance.now();
api.ready().then(() => {
  const t3 = performance.now();
  console.log(JSON.stringify({ load: t1 - t0, activate: t2 - t1, firstUse: t3 - t2 }));
  for (const d of context.subscriptions) d.dispose();
  process.exit(0);
});
