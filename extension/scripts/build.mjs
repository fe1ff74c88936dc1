// Bundles the extension (Node, CommonJS, `vscode` external) with @baton/client and @baton/contracts inlined, the
// item webview's script and stylesheet (browser), and the extension-host test suite. `--production` minifies.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const production = process.argv.includes('--production');
// zod re-exports every locale (`z.locales`), about 300 KB of messages in languages nobody here reads; the
// extension only uses the default English one, so the locales index is swapped for one that has only `en`.
const englishOnlyZod = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: path.join(path.dirname(args.importer), '../locales/en.js'), namespace: 'zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: path.dirname(args.path),
    }));
  },
};
const common = { plugins: [englishOnlyZod], bundle: true, minify: production, sourcemap: production ? false : 'linked', logLevel: 'warning', absWorkingDir: root, legalComments: 'none' };

await mkdir(path.join(root, 'dist/webview'), { recursive: true });
await Promise.all([
  // activation loads only extension.js (stand-ins); main.js, with the client and zod, loads on first use
  build({ ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', './main.js'] }),
  build({ ...common, entryPoints: ['src/main.ts'], outfile: 'dist/main.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] }),
  build({ ...common, entryPoints: ['src/webview/item.ts'], outfile: 'dist/webview/item.js', platform: 'browser', format: 'iife', target: 'chrome120' }),
  copyFile(path.join(root, 'src/webview/item.css'), path.join(root, 'dist/webview/item.css')),
  // the mocha suite that runs inside VS Code's extension host (not shipped in the .vsix)
  production
    ? Promise.resolve()
    : build({
        ...common,
        entryPoints: ['test/suite/index.ts'],
        outfile: 'dist/test/suite/index.js',
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        external: ['vscode', 'mocha'],
      }),
]);
