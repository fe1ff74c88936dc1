import { defineConfig } from 'tsup';

// The published package: plain ESM for Node 20.19+ and one self-contained index.d.ts. @baton/contracts is not
// published, so its code and its types are bundled in; the router type comes from the declaration that
// scripts/app-router-types.ts generates into .build/ (see README, "Publishing").
export default defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  clean: true,
  noExternal: ['@baton/contracts'],
  dts: {
    // Mapped to files outside node_modules, the declarations of both are inlined: contracts from its sources, the
    // router type from the generated declaration (which names no server type).
    compilerOptions: { paths: { '@baton/api': ['./.build/app-router.d.ts'], '@baton/contracts': ['../contracts/src/index.ts'] } },
  },
});
