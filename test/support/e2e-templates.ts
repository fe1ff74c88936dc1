import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEnv, startServer } from '@baton/backend';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** data directories of a server started once and closed: migrated, with and without the demo data */
    e2eTemplates: { demo: string; empty: string } | null;
  }
}

let root: string | undefined;

/**
 * A fresh embedded data directory costs a browser test file most of its time (PGlite's initdb, every migration,
 * the demo seed: 20 s of the 23 s a one-test file took in CI); opening an existing one costs a few seconds. So the
 * e2e run starts a real server twice, once per kind of start, and each test file starts its own server on a copy
 * of the matching directory: the same state a fresh start leaves, reached once. On TEST_DATABASE_URL the files use
 * that database and no template is made.
 */
export async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('e2eTemplates', null);
    return;
  }
  root = await mkdtemp(join(tmpdir(), 'baton-e2e-template-'));
  const dirs = { demo: join(root, 'demo'), empty: join(root, 'empty') };
  for (const [kind, dir] of Object.entries(dirs)) {
    await mkdir(dir);
    const env = { ...process.env, PORT: '0', DATA_DIR: dir, SEED_DEMO: kind === 'demo' ? 'true' : 'false', LOG_LEVEL: 'warn' };
    const server = await startServer(readEnv(env));
    await server.close();
  }
  project.provide('e2eTemplates', dirs);
}

export async function teardown() {
  if (root) await rm(root, { recursive: true, force: true });
}
