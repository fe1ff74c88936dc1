import { deliverDueEmails, flushNotificationEmails, sweepExpiredClaims, sweepUsedChallenges, writeApiKeyUsage, type Deps, type EmailTransport, type UsageBatch } from '@baton/core';
import { createJobQueue, type JobQueue } from '@baton/jobs';
import type { DbPool } from '@baton/db';
import type { Env } from './env.ts';
import type { Logger } from './logger.ts';
import { startWebhookJobs } from './webhook-jobs.ts';
import { defineAnalyzeJob } from './planner-statistics.ts';

/** The queue names, one place (docs/jobs.md lists what each does). */
export const JOBS = {
  claimSweep: 'claims.sweep-expired',
  emailSend: 'email.send-due',
  usageWrite: 'api-keys.record-usage',
} as const;

const USAGE_DRAIN_MS = 2_000;

export type BackgroundJobs = { queue: JobQueue; stop(): Promise<void> };

/** The job queue's part of /ready (app.ts): null when it runs and answers, else why not. */
export const queueReadiness = (queue: () => JobQueue | null) => async (): Promise<string | null> => {
  const q = queue();
  if (!q) return 'job queue not started';
  return (await q.health()) ? null : 'job queue unreachable';
};

/**
 * Every background task of the server, run by the durable job queue (pg-boss, see docs/jobs.md): the claim sweeper
 * and the email outbox are periodic jobs (at most one waiting and one running across all replicas), API-key usage
 * is drained from this process's buffer into a job that writes it. `pool`: the embedded database's one connection.
 */
export async function startBackgroundJobs(
  deps: Deps & { usage: NonNullable<Deps['usage']>; webhooks: NonNullable<Deps['webhooks']> },
  opts: { env: Env; url: string; pool: DbPool | null; transport: EmailTransport; logger: Logger; links: Pick<Deps, 'publicUrl'>; onJobFailed?: (queue: string) => void },
): Promise<BackgroundJobs> {
  const { env, logger } = opts;
  const queue = await createJobQueue({
    connection: opts.pool ? { pool: opts.pool } : { url: opts.url },
    onError: (error, job) => {
      if (job) opts.onJobFailed?.(job.name);
      logger.error(job ? 'job failed' : 'job queue error', { error, ...(job && { job: job.name, jobId: job.id, attempt: job.retryCount + 1 }) });
    },
  });
  await queue.define({
    name: JOBS.claimSweep,
    policy: 'stately',
    retryLimit: 2,
    retryDelaySeconds: 5,
    handler: async () => {
      const count = await sweepExpiredClaims(deps);
      if (count) logger.info('expired claims ended', { count });
    },
  });
  await queue.define({
    name: JOBS.emailSend,
    policy: 'stately',
    // the outbox keeps each message's own attempts and backoff; a failed run is simply the next tick's work
    retryLimit: 1,
    retryDelaySeconds: 5,
    handler: async () => {
      // notification digests first (a plain core function, clock injected), so a due digest goes out in this run;
      // `links` is read now: the server's public address is known only once it listens
      await flushNotificationEmails({ ...deps, publicUrl: opts.links.publicUrl }, { delayMs: env.NOTIFY_EMAIL_DELAY_SECONDS * 1000 });
      await deliverDueEmails(deps, opts.transport);
      await sweepUsedChallenges(deps);
    },
  });
  await queue.define<{ batch: UsageBatch }>({
    name: JOBS.usageWrite,
    retryLimit: 5,
    retryDelaySeconds: 2,
    handler: async ({ batch }) => writeApiKeyUsage(deps.db, batch),
  });
  // outbound webhooks: a job per delivery, retried over about a day, and a sweeper (webhook-jobs.ts)
  await startWebhookJobs(queue, deps);
  // the embedded database has no autovacuum, so nothing else gathers the planner's statistics (planner-statistics.ts)
  if (opts.pool) await defineAnalyzeJob(queue, () => deps.db.$executeRawUnsafe('ANALYZE'));
  queue.every(JOBS.claimSweep, env.CLAIM_SWEEP_SECONDS);
  queue.every(JOBS.emailSend, env.MAIL_SEND_SECONDS);
  // the buffer lives in this process, so this process hands it over; the write then survives a crash of this one
  const drainUsage = async () => {
    const batch = deps.usage.drain();
    if (batch.length) await queue.send(JOBS.usageWrite, { batch });
  };
  const drainer = setInterval(() => void drainUsage().catch((error: unknown) => logger.error('usage hand-over failed', { error })), USAGE_DRAIN_MS);
  drainer.unref();
  return {
    queue,
    async stop() {
      clearInterval(drainer);
      await queue.stop();
      // whatever arrived since the last hand-over is written directly: the queue no longer runs
      await deps.usage.flush();
    },
  };
}
