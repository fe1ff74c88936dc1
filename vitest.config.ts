import { defineConfig } from 'vitest/config';

// Unit tests are pure and fast; integration tests share one database started by the global setup (embedded
// PGlite, or TEST_DATABASE_URL) and build their own data; e2e tests start the whole server and Chromium.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['packages/**/src/**/*.test.ts', 'backend/src/**/*.test.ts', 'extension/src/**/*.test.ts', 'web/src/**/*.test.ts'], exclude: ['**/*.int.test.ts', '**/node_modules/**'] } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.int.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // packing and installing the client, CLI and MCP outside the workspace: its own project so that the
        // PostgreSQL pass (test.sh runs `--project integration` again) does not pay for it twice; it tests the
        // packages, not the database
        test: {
          name: 'packaging',
          include: ['test/packaging/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          globalSetup: ['test/support/e2e-templates.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
