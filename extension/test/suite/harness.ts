// What every extension-host test file shares: the server and tokens run.sh hands over, clients for the demo
// people, git in the test workspace, and waiting for something to become true.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { createClient } from '@baton/client';
import * as vscode from 'vscode';

export const env = (name: string) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the suite through e2e/run.sh`);
  return v;
};
export const URL_ = env('BATON_E2E_URL');
export const repo = env('BATON_E2E_WORKSPACE');
export const dev = createClient({ url: URL_, token: env('BATON_E2E_DEV_TOKEN') });
export const pm = createClient({ url: URL_, token: env('BATON_E2E_PM_TOKEN') });
export const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
export const config = () => vscode.workspace.getConfiguration('baton');
export const waitFor = async <T>(what: string, probe: () => T | Promise<T>, ms = 15_000): Promise<NonNullable<T>> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};
/**
 * Stops or starts the real Baton backend of this run (same port, same database): e2e/backend.sh. Asynchronous: the
 * extension under test runs in this same process and must keep running meanwhile.
 */
export const backend = async (what: 'start' | 'stop') => (await promisify(execFile)('bash', [env('BATON_E2E_BACKEND'), what], { encoding: 'utf8', timeout: 90_000 })).stdout;
