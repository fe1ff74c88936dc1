// ESLint 9 flat config. typescript-eslint "recommended" without type information, so `eslint .` stays fast;
// tsc (pnpm typecheck) and svelte-check cover types, so .svelte files are not linted here.
// The import rules below enforce the one-way dependencies of ARCHITECTURE.md:
//   contracts <- core <- api <- backend; client imports AppRouter as a type only; nothing imports backend.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Node.js globals for plain .js/.mjs scripts (TypeScript files leave undefined names to tsc). */
const nodeGlobals = Object.fromEntries(
  (
    'process console Buffer URL URLSearchParams fetch AbortController AbortSignal performance setTimeout clearTimeout ' +
    'setInterval clearInterval setImmediate clearImmediate queueMicrotask structuredClone TextEncoder TextDecoder'
  )
    .split(' ')
    .map((name) => [name, 'readonly']),
);

const backend = { group: ['@baton/backend', '@baton/backend/*'], message: 'Nothing imports the backend host (ARCHITECTURE.md: Shape).' };
const edges = {
  group: ['@baton/web', '@baton/web/*', '@baton/extension', '@baton/extension/*', 'baton-vscode', 'baton-vscode/*'],
  message: 'Nothing imports web or extension.',
};

/** One `no-restricted-imports` entry per directory. Later configs replace the rule rather than merge it, so every
 *  entry repeats the rules that hold everywhere (backend, web and extension are never imported). */
const restrict = (files, ...patterns) => ({
  files,
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [backend, edges, ...patterns] }] },
});

export default defineConfig(
  {
    ignores: [
      '**/node_modules/**',
      'packages/db/src/generated/**',
      'web/.svelte-kit/**',
      'web/build/**',
      '**/dist/**',
      '**/.turbo/**',
      '.e2e-tmp/**',
      'data/**',
      'test-results/**',
      'extension/.code-server/**',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals: nodeGlobals },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // The typescript-eslint version understands `import type` (allowTypeImports); the core rule does not.
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [backend, edges] }],
    },
  },

  // packages/contracts: zod and its own files only (it is shared by the browser, the extension and the server).
  // (its tests may import vitest: they never ship)
  {
    ...restrict(['packages/contracts/**'], {
      regex: '^(?!\\.{1,2}/|zod(/|$))',
      message: 'packages/contracts may import only zod (and its own files).',
    }),
    ignores: ['packages/contracts/**/*.test.ts'],
  },

  // ...and its unit tests may import vitest
  restrict(['packages/contracts/**/*.test.ts']),

  // packages/core: domain logic, transport-free.
  restrict(
    ['packages/core/**'],
    {
      group: ['@trpc/*', 'express', 'express/*', '@sveltejs/*', 'svelte', 'svelte/*', 'vscode'],
      message: 'core is transport-free: no tRPC, Express, SvelteKit or vscode.',
    },
    { group: ['@baton/api', '@baton/api/*', '@baton/client', '@baton/client/*'], message: 'core sits below api and client.' },
  ),

  // packages/db (the run-time client) and packages/migrate (the migration CLI): the bottom layer, apart.
  restrict(['packages/db/**', 'packages/migrate/**'], {
    group: ['@baton/*'],
    message: 'packages/db and packages/migrate import no other @baton package (they pin different Prisma versions).',
  }),

  // packages/api: tRPC over core; never the host or the client.
  restrict(['packages/api/**'], {
    group: ['express', 'express/*', '@baton/client', '@baton/client/*'],
    message: 'api is mounted by backend; it imports neither Express nor the client.',
  }),

  // packages/client: AppRouter crosses the wire as a type only; the client runs in browsers and the extension.
  restrict(['packages/client/**'], {
    group: ['@baton/api', '@baton/api/*', '@baton/core', '@baton/core/*', '@baton/db', '@baton/db/*'],
    allowTypeImports: true,
    message: "client imports server packages as types only: `import type { AppRouter } from '@baton/api'`.",
  }),

  // web/ and extension/: through the client and contracts only.
  restrict(['web/**', 'extension/**'], {
    regex: '^@baton/(?!(client|contracts|markdown|backend)(/|$))', // backend: reported by the shared rule
    message: 'web and extension talk to the server only through @baton/client (and share @baton/contracts and @baton/markdown).',
  }),

  // CommonJS scripts (the extension benchmark's helpers)
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },

  // test/ and bench/ may import anything, including the backend host.
  {
    files: ['test/**', 'bench/**'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
);
