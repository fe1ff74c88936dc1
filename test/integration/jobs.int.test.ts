import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedPool, type DbPool } from '@baton/db';
import { createJobQueue, type JobQueue } from '@baton/jobs';
import { afterAll, describe, expect, inject, it } from 'vitest';

// The durable job queue (packages/jobs, docs/jobs.md) on the run's database: the embedded one (PGlite, one shared
// connection) or PostgreSQL. Crashes are real: a child process is killed with SIGKILL and another one started.

const ROOT = join(import.meta.dirname, '../..');
const PROCESS = join(import.meta.dirname, '../support/job-process.ts');
const embedded = inject('databaseKind') === 'embedded';
const queueName = (what: string) => `test.${what}.${randomUUID().slice(0, 8)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts support/job-process.ts; `lines` collects its stdout lines as they come. */
function start(env: Record<string, string>) {
  // node itself with tsx's loader, not the tsx command: that one runs the script in a child of its own, which a
  // SIGKILL of the command leaves running (the crash would not happen)
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', PROCESS], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  let buf = '';
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const waitFor = async (pred: (lines: string[]) => boolean, ms: number) => {
    const until = Date.now() + ms;
    while (!pred(lines)) {
      if (Date.now() > until) throw new Error(`timed out; stdout:\n${lines.join('\n')}\nstderr:\n${stderr}`);
      await sleep(100);
    }
  };
  return { child, lines, exited, waitFor };
}

const pools: DbPool[] = [];
const queues: JobQueue[] = [];
/** A queue instance in this process with its own connection (PostgreSQL) or the embedded database's shared one. */
async function queueInstance(shared?: DbPool) {
  const url = inject('databaseUrl');
  let connection: Parameters<typeof createJobQueue>[0]['connection'] = { url, max: 2 };
  if (embedded) {
    const pool = shared ?? createEmbeddedPool(url);
    if (!shared) pools.push(pool);
    connection = { pool };
  }
  const q = await createJobQueue({ connection, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 });
  queues.push(q);
  return { q, pool: 'pool' in connection ? connection.pool : undefined };
}

afterAll(async () => {
  for (const q of queues) await q.stop(2_000);
  for (const p of pools) await p.end();
});

describe('durable jobs', () => {
  it('a job sent and started before kill -9 runs after the restart, and so does one not yet due', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'baton-jobs-'));
    const env = { QUEUE: queueName('crash'), ...(embedded ? { DATA_DIR: join(dir, 'db') } : { DATABASE_URL: inject('databaseUrl') }) };
    try {
      // B falls due 12 s after it is sent: the first process must be dead by then, or it starts B as well (when the
      // kill reached only a tsx wrapper, the real process lived on and did: B then ran on its second attempt)
      const first = start({ ...env, MODE: 'hang', START_AFTER: '12' });
      await first.waitFor((l) => l.includes('SENT') && l.includes('STARTED A'), 90_000);
      first.child.kill('SIGKILL');
      await first.exited;
      const t0 = Date.now();
      const second = start({ ...env, MODE: 'work' });
      try {
        await second.waitFor((l) => l.some((x) => x.startsWith('RAN A')) && l.some((x) => x.startsWith('RAN B')), 90_000);
        const ran = second.lines.filter((l) => l.startsWith('RAN'));
        // A was running when the process died: it expires (2 s) and is retried (a slow first start may already have
        // retried it once there); B was waiting and runs once, on its first attempt
        const a = ran.filter((l) => l.startsWith('RAN A'));
        expect(a).toHaveLength(1);
        expect(Number(a[0]!.split(' ')[2])).toBeGreaterThanOrEqual(1);
        expect(ran.filter((l) => l.startsWith('RAN B'))).toEqual(['RAN B 0']);
        console.info(`after restart: both jobs done in ${Date.now() - t0} ms (${inject('databaseKind')})`);
        await sleep(1_500); // nothing runs twice
        expect(second.lines.filter((l) => l.startsWith('RAN'))).toHaveLength(2);
      } finally {
        second.child.kill('SIGTERM');
        await second.exited;
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 240_000);

  it('a failing job is retried with growing delays, then marked failed with its error', async () => {
    const { q } = await queueInstance();
    const name = queueName('failing');
    const attempts: Array<{ at: number; retryCount: number }> = [];
    await q.define<{ what: string }>({
      name,
      retryLimit: 3,
      retryDelaySeconds: 1,
      handler: async (_data, job) => {
        attempts.push({ at: Date.now(), retryCount: job.retryCount });
        throw new Error('receiver said no');
      },
    });
    const id = await q.send(name, { what: 'x' });
    const until = Date.now() + 45_000;
    while ((await q.failed(name)).length === 0 && Date.now() < until) await sleep(250);
    const [failed] = await q.failed(name);
    expect(failed).toMatchObject({ id, retryCount: 3, data: { what: 'x' }, error: { message: 'receiver said no' } });
    expect(attempts.map((a) => a.retryCount)).toEqual([0, 1, 2, 3]);
    // exponential backoff with jitter: the n-th retry waits between 2^(n-1) and 2^n times the 1 s delay
    const gaps = attempts.slice(1).map((a, i) => a.at - attempts[i]!.at);
    console.info(`retry gaps (ms): ${gaps.join(', ')}`);
    expect(gaps[0]).toBeGreaterThanOrEqual(1_000);
    expect(gaps[1]).toBeGreaterThanOrEqual(2_000);
    expect(gaps[2]).toBeGreaterThanOrEqual(4_000);
  });

  it('a job given up for good goes to its dead-letter queue, and each retry learns why the run before failed', async () => {
    const { q } = await queueInstance();
    const name = queueName('doomed');
    const dead = queueName('dead');
    const seen: Array<string | null> = [];
    const letters: Array<{ what: string; lastError: string | null }> = [];
    await q.define<{ what: string }>({ name: dead, handler: async (data, job) => void letters.push({ what: data.what, lastError: job.lastError }) });
    await q.define<{ what: string }>({
      name,
      deadLetter: dead,
      retryLimit: 1,
      retryDelaySeconds: 1,
      retryBackoff: false,
      handler: async (_data, job) => {
        seen.push(job.lastError);
        throw new Error(`no ${seen.length}`);
      },
    });
    await q.send(name, { what: 'y' });
    const until = Date.now() + 30_000;
    while (letters.length === 0 && Date.now() < until) await sleep(250);
    expect(seen).toEqual([null, 'no 1']);
    expect(letters).toEqual([{ what: 'y', lastError: 'no 2' }]);
  });

  it('two queue instances work the same queue and run each job exactly once', async () => {
    const a = await queueInstance();
    // on PostgreSQL each instance has its own connections; the embedded database is one session, shared
    const b = await queueInstance(a.pool);
    const name = queueName('once');
    const runs = new Map<number, string[]>();
    for (const [who, inst] of [['a', a.q], ['b', b.q]] as const) {
      await inst.define<{ n: number }>({
        name,
        concurrency: 2,
        handler: async ({ n }) => {
          runs.set(n, [...(runs.get(n) ?? []), who]);
          await sleep(5); // let the other instance's fetch overlap this one
        },
      });
    }
    const N = 120;
    const t0 = Date.now();
    await Promise.all(Array.from({ length: N }, (_, n) => a.q.send(name, { n })));
    const until = Date.now() + 60_000;
    while (runs.size < N && Date.now() < until) await sleep(100);
    await sleep(1_500); // a duplicate would show up within a polling interval
    console.info(`${N} jobs on two instances in ${Date.now() - t0 - 1_500} ms (${inject('databaseKind')})`);
    expect(runs.size).toBe(N);
    expect([...runs.values()].filter((w) => w.length !== 1)).toEqual([]);
    const by = [...runs.values()].flat();
    expect(by.filter((w) => w === 'a').length).toBeGreaterThan(0);
    expect(by.filter((w) => w === 'b').length).toBeGreaterThan(0);
  });
});
