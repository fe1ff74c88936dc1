import PgBoss from 'pg-boss';
import pg from 'pg';

/**
 * What a handler learns about the job it runs; `retryCount` is 0 on the first attempt. `lastError`: why the run
 * before failed (a retry's), or why the job was given up (a dead letter's); null on a first run.
 */
export type JobInfo = { id: string; name: string; retryCount: number; lastError: string | null };
export type JobHandler<T> = (data: T, job: JobInfo) => Promise<void>;

export type JobDefinition<T> = {
  name: string;
  handler: JobHandler<T>;
  /** attempts after the first; then the job is marked failed (default 3) */
  retryLimit?: number;
  /** first retry waits about this long, each next one about twice as long, with jitter (default 5) */
  retryDelaySeconds?: number;
  /** false: every retry waits retryDelaySeconds (tests of retry schedules that cannot wait for the backoff) */
  retryBackoff?: boolean;
  /** a running job whose process died is retried after this long (default 60) */
  expireInSeconds?: number;
  /**
   * 'stately': at most one job waiting and one running across every process (periodic sweeps, where two
   * overlapping runs would only repeat each other); 'standard': every job sent runs (default)
   */
  policy?: 'standard' | 'stately';
  /** jobs of this queue run at once in this process (default 1) */
  concurrency?: number;
  /**
   * A queue (defined first) that gets a copy of each job given up for good: its last run threw, or its process
   * died during it and it expired with no retries left, which no handler of this queue would ever hear of.
   */
  deadLetter?: string;
};

export type SendOptions = { startAfterSeconds?: number; singletonKey?: string; singletonSeconds?: number };

export type FailedJob = { id: string; name: string; data: unknown; retryCount: number; error: unknown; failedAt: Date | null };

export type JobQueue = {
  /** creates the queue (idempotent) and starts working it in this process */
  define<T>(definition: JobDefinition<T>): Promise<void>;
  /** durable once it resolves; null when a singleton or stately queue already holds one */
  send<T extends object | null>(name: string, data: T, opts?: SendOptions): Promise<string | null>;
  /**
   * Sends a job named `name` every `seconds` from this process, at most one per period across all processes
   * (the period slot is the job's singleton key). Periodic work then runs with the queue's retries and locks.
   */
  every(name: string, seconds: number): void;
  /** failed jobs of a queue, newest first (still in the job table; archived ones are older than a week) */
  failed(name: string, limit?: number): Promise<FailedJob[]>;
  /** how many jobs each queue holds in each state (created, retry, active, completed, failed...), for /metrics */
  counts(): Promise<{ name: string; state: string; count: number }[]>;
  /** true when the queue runs and its connection answers within `timeoutMs`: what /ready asks */
  health(timeoutMs?: number): Promise<boolean>;
  /** stops sending and fetching, waits for running handlers (up to `timeoutMs`) */
  stop(timeoutMs?: number): Promise<void>;
};

export type JobQueueOptions = {
  /**
   * Either a PostgreSQL URL (the queue opens its own small pool) or a pool to share. The embedded database must
   * share the app's one connection: pglite-socket interleaves extended-protocol messages of different connections
   * (see packages/db/src/client.ts and docs/jobs.md), so a second pool could bind one query's values to another.
   */
  connection: { url: string; max?: number } | { pool: pg.Pool };
  /** how often each queue is polled for due jobs (default 1 s) */
  pollingIntervalSeconds?: number;
  /** how often expired running jobs are failed and old ones archived (default 30 s) */
  maintenanceIntervalSeconds?: number;
  /** errors of the queue itself and of handlers (a failing handler is also recorded on its job) */
  onError?: (error: unknown, job?: JobInfo) => void;
};

export async function createJobQueue(opts: JobQueueOptions): Promise<JobQueue> {
  const conn = opts.connection;
  const ownPool = 'pool' in conn ? null : new pg.Pool({ connectionString: conn.url, max: conn.max ?? 4, application_name: 'baton-jobs' });
  ownPool?.on('error', (error) => opts.onError?.(error));
  const pool = 'pool' in conn ? conn.pool : ownPool!;
  const db = { executeSql: (text: string, values?: unknown[]) => pool.query(text, values) };
  const boss = new PgBoss({
    db,
    schema: 'pgboss',
    // no cron schedules: periodic work is sent by every() (pg-boss's cron has a one-minute granularity)
    schedule: false,
    maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds ?? 30,
    // completed jobs leave the job table after an hour; failed ones stay there a week to be looked at
    archiveCompletedAfterSeconds: 3600,
    archiveFailedAfterSeconds: 7 * 24 * 3600,
    deleteAfterDays: 7,
  });
  boss.on('error', (error) => opts.onError?.(error));
  await boss.start();
  const polling = opts.pollingIntervalSeconds ?? 1;
  const timers = new Set<NodeJS.Timeout>();
  let stopping = false;

  const queue: JobQueue = {
    async define<T>(d: JobDefinition<T>) {
      const options = {
        policy: d.policy ?? 'standard',
        retryLimit: d.retryLimit ?? 3,
        retryDelay: d.retryDelaySeconds ?? 5,
        retryBackoff: d.retryBackoff ?? true,
        expireInSeconds: d.expireInSeconds ?? 60,
        ...(d.deadLetter && { deadLetter: d.deadLetter }),
      };
      // createQueue is a no-op when it exists; updateQueue then applies changed retry settings on upgrade
      await boss.createQueue(d.name, { name: d.name, ...options });
      await boss.updateQueue(d.name, { name: d.name, ...options });
      for (let i = 0; i < (d.concurrency ?? 1); i++) {
        let workerId = '';
        workerId = await boss.work<T>(d.name, { pollingIntervalSeconds: polling, batchSize: 1, includeMetadata: true }, async ([job]) => {
          if (!job) return;
          const info = { id: job.id, name: job.name, retryCount: job.retryCount, lastError: errorMessage(job.output) };
          // pg-boss waits a polling interval after every fetch; a worker that found a job asks again at once
          setImmediate(() => workerId && boss.notifyWorker(workerId));
          try {
            await d.handler(job.data, info);
          } catch (error) {
            opts.onError?.(error, info);
            throw error; // pg-boss records it on the job and schedules the retry
          }
        });
      }
    },
    async send(name, data, o = {}) {
      return boss.send(name, data ?? {}, {
        ...(o.startAfterSeconds !== undefined && { startAfter: o.startAfterSeconds }),
        ...(o.singletonKey !== undefined && { singletonKey: o.singletonKey }),
        ...(o.singletonSeconds !== undefined && { singletonSeconds: o.singletonSeconds }),
      });
    },
    every(name, seconds) {
      const tick = () => {
        if (stopping) return;
        queue.send(name, {}, { singletonKey: 'tick', singletonSeconds: seconds }).catch((error: unknown) => opts.onError?.(error));
      };
      const timer = setInterval(tick, seconds * 1000);
      timer.unref();
      timers.add(timer);
      tick();
    },
    async failed(name, limit = 50) {
      const { rows } = await pool.query(
        `SELECT id, name, data, retry_count, output, completed_on FROM pgboss.job WHERE name = $1 AND state = 'failed'
         ORDER BY completed_on DESC NULLS LAST LIMIT $2`,
        [name, limit],
      );
      return (rows as Array<Record<string, unknown>>).map((r) => ({
        id: String(r.id),
        name: String(r.name),
        data: r.data,
        retryCount: Number(r.retry_count),
        error: r.output,
        failedAt: (r.completed_on as Date | null) ?? null,
      }));
    },
    async counts() {
      const { rows } = await pool.query(`SELECT name, state::text AS state, count(*)::int AS count FROM pgboss.job GROUP BY name, state`);
      return (rows as Array<{ name: string; state: string; count: number }>).map((r) => ({ name: r.name, state: r.state, count: Number(r.count) }));
    },
    async health(timeoutMs = 2_000) {
      if (stopping) return false;
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([pool.query('SELECT 1'), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), timeoutMs)))]);
        return true;
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    async stop(timeoutMs = 10_000) {
      stopping = true;
      for (const t of timers) clearInterval(t);
      await boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: false });
      await ownPool?.end();
    },
  };
  return queue;
}

/** The message pg-boss stored on a failed run: a thrown error's ({ message }), or its own ({ value: { message } }). */
function errorMessage(output: unknown): string | null {
  if (!output || typeof output !== 'object') return null;
  const o = output as { message?: unknown; value?: { message?: unknown } };
  const message = o.message ?? o.value?.message;
  return typeof message === 'string' ? message : null;
}
