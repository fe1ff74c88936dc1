import { defineConfig } from 'tsup';

// The published package: plain ESM for Node 20.19+ (`dist/main.js` is the `baton-mcp` bin) and index.d.ts for
// `runMcpServer` / `createBatonMcpServer`. @baton/contracts is not published, so it is bundled in; @baton/client
// stays a dependency, and its types are read from its build (`pnpm --filter @baton/client build` first) so the
// declarations never type-check the server's sources.
export default defineConfig({
  entry: { index: 'src/index.ts', main: 'src/main.ts' },
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  clean: true,
  noExternal: ['@baton/contracts'],
  dts: {
    entry: { index: 'src/index.ts' },
    resolve: ['@baton/contracts'],
    compilerOptions: { paths: { '@baton/client': ['../client/dist/index.d.ts'] } },
  },
});
