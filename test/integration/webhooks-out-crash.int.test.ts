import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ATTEMPT_CUT_OFF } from '@baton/core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startReceiver } from '../support/webhook-receiver.ts';

// kill -9 of the process in the middle of a webhook delivery: after a restart the delivery is made, or failed with
// the reason when the attempt cut off was its last; nothing is lost or left half-done, and anything sent twice is a
// retry of the same webhook-id. The process is test/support/webhook-process.ts.

const ROOT = join(import.meta.dirname, '../..');
const PROCESS = join(import.meta.dirname, '../support/webhook-process.ts');
const embedded = inject('databaseKind') === 'embedded';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

function start(env: Record<string, string>) {
  // node itself with tsx's loader, not the tsx command: that one runs the script in a child of its own, which a
  // SIGKILL of the command leaves running (the crash would not happen)
  const child = spawn(process.execPath, ['--import', 'tsx', PROCESS], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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
  /** What the work mode reports of each delivery once it is delivered or failed. */
  const finished = () => lines.filter((l) => l.startsWith('FINISHED ')).map((l) => JSON.parse(l.slice('FINISHED '.length)) as Finished);
  return { child, lines, exited, waitFor, finished };
}
type Finished = { id: string; status: string; attemptCount: number; attempts: { httpStatus: number | null; response: string }[] };

async function crashSetUp() {
  const receiver = await startReceiver();
  const dir = await mkdtemp(join(tmpdir(), 'baton-webhooks-'));
  const env = {
    RECEIVER: receiver.url,
    SUFFIX: `.crash-${randomUUID().slice(0, 8)}`,
    ...(embedded ? { DATA_DIR: join(dir, 'db') } : { DATABASE_URL: inject('databaseUrl') }),
  };
  const done = async () => {
    await receiver.close();
    await rm(dir, { recursive: true, force: true });
  };
  return { receiver, env, done };
}

describe('outbound webhooks across a crash', () => {
  it('resumes deliveries cut off by kill -9 after the restart, each webhook-id answered 2xx, repeats only under the same id', async () => {
    const { receiver, env, done } = await crashSetUp();
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
      await second.waitFor('both delivered after the restart', () => second.finished().length === 2, 120_000);
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
      // and in the delivery's log: each request sent is an attempt, the cut-off ones say so, the last one is the 200
      for (const d of second.finished()) {
        const sent = got.filter((r) => r.headers['webhook-id'] === `msg_${d.id}`);
        expect(d.status).toBe('delivered');
        expect(d.attemptCount).toBe(d.attempts.length);
        expect(d.attemptCount).toBeGreaterThanOrEqual(sent.length);
        expect(d.attempts.filter((a) => a.response === ATTEMPT_CUT_OFF).length).toBeGreaterThanOrEqual(sent.filter((r) => r.answered === null).length);
        expect(d.attempts.at(-1)).toMatchObject({ httpStatus: 200 });
      }
      second.child.kill('SIGKILL');
      await second.exited;
    } finally {
      await done();
    }
  }, 300_000);

  it('fails a delivery whose last attempt was cut off by kill -9, saying why, and sends it no more', async () => {
    const { receiver, env, done } = await crashSetUp();
    // four failures, then a fifth and last attempt that never gets an answer: the kill lands during it
    receiver.on('/last', (n) => (n < 4 ? 500 : 'hang'));
    // a long expiry: the last attempt's job must outlive the first process, to be given up by the second
    const crashEnv = { ...env, HOOK_PATH: '/last', ITEMS: '1', EXPIRE: '10' };
    try {
      const first = start({ ...crashEnv, MODE: 'send' });
      await first.waitFor('the fifth attempt under way', () => receiver.at('/last').length === 5, 120_000);
      const [id] = first.lines.filter((l) => l.startsWith('DELIVERY ')).map((l) => l.slice('DELIVERY '.length));
      first.child.kill('SIGKILL');
      await first.exited;
      const second = start({ ...crashEnv, MODE: 'work', DELIVERIES: id! });
      await second.waitFor('the delivery failed after the restart', () => second.finished().length === 1, 120_000);
      const [d] = second.finished();
      expect(d).toMatchObject({ id, status: 'failed', attemptCount: 5 });
      expect(d!.attempts.map((a) => [a.httpStatus, a.response])).toEqual([
        ...Array.from({ length: 4 }, () => [500, expect.stringContaining('failing on purpose')]),
        [null, ATTEMPT_CUT_OFF],
        [null, 'failed without a further attempt: Baton stopped during the last of 5 attempts'],
      ]);
      // no sixth request, and the five were one webhook-id
      await sleep(3_000);
      expect(receiver.at('/last')).toHaveLength(5);
      expect(new Set(receiver.at('/last').map((r) => r.headers['webhook-id']))).toEqual(new Set([`msg_${id}`]));
      second.child.kill('SIGKILL');
      await second.exited;
    } finally {
      await done();
    }
  }, 300_000);
});
