// Bundles the extension (Node, CommonJS, `vscode` external) with @baton/client and @baton/contracts inlined, the
// item webview's script and stylesheet (browser), and the extension-host test suite. `--production` minifies.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const production = process.argv.includes('--production');
const common = { bundle: true, minify: production, sourcemap: production ? false : 'linked', logLevel: 'warning', absWorkingDir: root, legalComments: 'none' };

await mkdir(path.join(root, 'dist/webview'), { recursive: true });
await Promise.all([
  build({
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    metafile: true,
  }),
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
