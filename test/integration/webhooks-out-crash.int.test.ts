import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startReceiver } from '../support/webhook-receiver.ts';

// kill -9 of the process in the middle of a webhook delivery: after a restart the delivery is made, nothing is
// lost, and anything sent twice is a retry of the same webhook-id. The process is test/support/webhook-process.ts.

const TSX = join(import.meta.dirname, '../../node_modules/.bin/tsx');
const PROCESS = join(import.meta.dirname, '../support/webhook-process.ts');
const embedded = inject('databaseKind') === 'embedded';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

function start(env: Record<string, string>) {
  const child = spawn(TSX, [PROCESS], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const lines: string[] = [];
  let stderr = '';
  let buf = '';
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const waitFor = async (what: string, pred: () => boolean, ms: number) => {
    const until = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}; stdout:\n${lines.join('\n')}\nstderr:\n${stderr}`);
      await sleep(100);
    }
  };
  return { child, lines, exited, waitFor };
}

describe('outbound webhooks across a crash', () => {
  it('resumes deliveries cut off by kill -9 after the restart, each webhook-id answered 2xx, repeats only under the same id', async () => {
    const receiver = await startReceiver();
    const dir = await mkdtemp(join(tmpdir(), 'baton-webhooks-'));
    const env = {
      RECEIVER: receiver.url,
      SUFFIX: `.crash-${randomUUID().slice(0, 8)}`,
      ...(embedded ? { DATA_DIR: join(dir, 'db') } : { DATABASE_URL: inject('databaseUrl') }),
    };
    let phase: 'hang' | 'answer' = 'hang';
    receiver.on('/crash', () => (phase === 'hang' ? 'hang' : 200));
    try {
      const first = start({ ...env, MODE: 'send' });
      await first.waitFor('both deliveries under way', () => first.lines.includes('READY') && new Set(receiver.at('/crash').map((r) => r.headers['webhook-id'])).size === 2, 120_000);
      const ids = first.lines.filter((l) => l.startsWith('DELIVERY ')).map((l) => l.slice('DELIVERY '.length));
      expect(ids).toHaveLength(2);
      first.child.kill('SIGKILL');
      await first.exited;
      phase = 'answer';
      const second = start({ ...env, MODE: 'work', DELIVERIES: ids.join(',') });
      await second.waitFor('both delivered after the restart', () => second.lines.filter((l) => l.startsWith('DELIVERED ')).length === 2, 120_000);
      await sleep(2_000);
      const got = receiver.at('/crash');
      const webhookIds = ids.map((id) => `msg_${id}`);
      // every request was one of the two deliveries, and each was answered 2xx; anything sent twice is a retry of
      // the same webhook-id (at least once, as Standard Webhooks receivers expect: a job expired while its first
      // send was still under way may send again; receivers deduplicate by webhook-id, docs/webhooks-out.md)
      expect(new Set(got.map((r) => r.headers['webhook-id']))).toEqual(new Set(webhookIds));
      for (const id of webhookIds) expect(got.filter((r) => r.headers['webhook-id'] === id && r.answered === 200).length).toBeGreaterThanOrEqual(1);
      // what the killed process sent is in the receiver's log, unanswered, under the same id
      for (const id of webhookIds) expect(got.filter((r) => r.headers['webhook-id'] === id && r.answered === null).length).toBeGreaterThanOrEqual(1);
      second.child.kill('SIGKILL');
      await second.exited;
    } finally {
      await receiver.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
