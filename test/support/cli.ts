import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, createLogger } from '@baton/backend';
import { createClient } from '@baton/client';
import { createInProcessBus, createSession, type Ctx } from '@baton/core';
import { createDb, type Db } from '@baton/db';
import { afterAll, beforeAll, inject, vi } from 'vitest';
import { listen } from './api-server.ts';
import { buildOrg, buildUser, testDeps } from './builders.ts';

// The `baton` command as a subprocess (node packages/cli/bin/baton.mjs, no build step) against a server started
// for the test file on a random port, with a private HOME per workspace: what a person or an agent sees.

const BIN = join(import.meta.dirname, '../../packages/cli/bin/baton.mjs');

export type Run = { code: number | null; stdout: string; stderr: string };
export type Opts = { env?: Record<string, string | undefined>; cwd?: string; onStderr?: (text: string) => void };

/** Runs baton with a clean environment: only PATH, a private HOME/XDG_CONFIG_HOME, and what the test passes. */
export function baton(home: string, args: string[], opts: Opts = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
    for (const [k, v] of Object.entries(opts.env ?? {})) if (v !== undefined) env[k] = v;
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd: opts.cwd ?? home, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
      opts.onStderr?.(stderr);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The CLI's saved user config (URL, token, leases) under a workspace's HOME. */
export const userConfig = async (home: string) => JSON.parse(await readFile(join(home, '.config', 'baton', 'config.json'), 'utf8'));

/** Starts a server for the file (before its tests) and hands out temp folders and signed-in workspaces. */
export function useCliServer() {
  // a test here runs the CLI as up to a dozen subprocesses, each loading its TypeScript sources through tsx: about
  // 1 s each on a quiet machine, 3-5 s on a loaded one, where the default 60 s ran out (CI, 2026-12-07)
  vi.setConfig({ testTimeout: 180_000 });
  const state = { url: '', db: null as Db | null, close: async () => {} };
  const temps: string[] = [];
  beforeAll(async () => {
    state.db = createDb(inject('databaseUrl'), { max: 4, embedded: inject('databaseKind') === 'embedded' });
    const app = createApp({ db: state.db, clock: () => new Date(), bus: createInProcessBus(), logger: createLogger('silent') });
    const served = await listen(app, state.db);
    state.url = served.url;
    state.close = served.close;
  });
  afterAll(async () => {
    await state.close();
    await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })));
  });

  async function tempDir(): Promise<string> {
    const d = await mkdtemp(join(tmpdir(), 'baton-cli-int-'));
    temps.push(d);
    return d;
  }

  /** A person with a product and a session token, and a baton bound to them through BATON_URL/BATON_TOKEN. */
  async function workspace(opts: { role?: 'owner' | 'developer' } = {}) {
    const db = state.db!;
    const url = state.url;
    const { org, product } = await buildOrg(db);
    const user = await buildUser(db, org.id, opts.role ?? 'owner');
    const deps = testDeps(db);
    const { token } = await createSession(deps, user.id, { twoFactorVerified: true });
    const ctx: Ctx = { ...deps, principal: { kind: 'user', userId: user.id, name: user.name, email: user.email, sessionId: null } };
    const home = await tempDir();
    const env = { BATON_URL: url, BATON_TOKEN: token, BATON_PRODUCT: product.key };
    return {
      org,
      product,
      user,
      token,
      ctx,
      home,
      client: createClient({ url, token }),
      run: (args: string[], more: Opts = {}) => baton(home, args, { ...more, env: { ...env, ...more.env } }),
      json: async <T = unknown>(args: string[], more: Opts = {}): Promise<T> => {
        const r = await baton(home, [...args, '--json'], { ...more, env: { ...env, ...more.env } });
        if (r.code !== 0) throw new Error(`baton ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
        return JSON.parse(r.stdout) as T;
      },
    };
  }

  return {
    get url() {
      return state.url;
    },
    get db() {
      return state.db!;
    },
    tempDir,
    workspace,
  };
}
