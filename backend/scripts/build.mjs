// Builds the backend into dist/main.js, so the server starts from JavaScript with no TypeScript transpiler at run
// time (tsx compiled every source file on each cold start). One ESM file holds backend/src and the workspace
// packages it imports (their sources are TypeScript); every other package stays external and is imported from
// where it is installed, by a path relative to dist/ (pnpm installs each package's dependencies beside that
// package, not beside the backend). A bundled file's `import.meta.url` is its source file's URL, so what it finds
// next to itself (the embedded database's worker, the migrations folder, the Prisma CLI, the web app's build) is
// found exactly as when it runs from source.
// Also builds dist/admin.js, the operator's commands (scripts/baton-admin.sh), and makes the embedded database's
// template (dist/embedded-template, src/embedded-template.ts): new installations start from a copy of it.
// Usage: node backend/scripts/build.mjs   (or `pnpm --filter @baton/backend build`)
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const backendDir = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${backendDir}dist`;
const posix = (p) => p.split(sep).join('/');
const fromDist = (file) => {
  const rel = posix(relative(outdir, file));
  return rel.startsWith('.') ? rel : `./${rel}`;
};
const isWorkspace = (path) => path.startsWith('@baton/');

/** Third-party imports: resolved now as Node would from the importing source file, imported from dist/ by that path. */
const externals = {
  name: 'external-by-path',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData?.resolving || isWorkspace(args.path) || args.path.startsWith('node:')) return undefined;
      const found = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { resolving: true } });
      if (found.errors.length) return { errors: found.errors };
      if (found.external || !found.path.includes(`${sep}node_modules${sep}`)) return found.external ? { path: args.path, external: true } : undefined;
      return { path: fromDist(found.path), external: true };
    });
    build.onLoad({ filter: /\.[cm]?[jt]s$/ }, async (args) => {
      if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      // this file's own location, whichever file it is bundled into
      const own = `new URL(${JSON.stringify(fromDist(args.path))}, import.meta.url).href`;
      return { contents: source.replaceAll('import.meta.url', own), loader: /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js', resolveDir: dirname(args.path) };
    });
  },
};

const result = await esbuild.build({
  entryPoints: { main: `${backendDir}src/launch.ts`, admin: `${backendDir}src/admin.ts`, 'make-embedded-template': `${backendDir}src/make-embedded-template.ts` },
  outdir,
  bundle: true,
  format: 'esm',
  // launch.ts loads the server with import(): its modules go to chunks loaded then, after the data directory began opening
  splitting: true,
  // chunks beside the entries: the plugin writes third-party paths relative to dist/
  chunkNames: '[name]-[hash]',
  platform: 'node',
  target: 'node20.19',
  sourcemap: 'linked',
  logLevel: 'warning',
  plugins: [externals],
  metafile: true,
});
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(`backend built: ${posix(relative(process.cwd(), outdir))}/main.js and admin.js (${(bytes / 1024).toFixed(0)} KiB with its source map)`);
execFileSync(process.execPath, [`${outdir}/make-embedded-template.js`], { stdio: 'inherit' });
