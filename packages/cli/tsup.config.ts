import { defineConfig } from 'tsup';

// The published package is the `baton` bin: plain ESM for Node 20.19+ in dist/main.js, nothing to import (so no
// declarations). @baton/contracts is not published, so it is bundled in; @baton/client and @baton/mcp stay
// dependencies.
export default defineConfig({
  entry: { main: 'src/main.ts' },
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  clean: true,
  noExternal: ['@baton/contracts'],
});
