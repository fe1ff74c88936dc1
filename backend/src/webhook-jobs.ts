import { abandonDelivery, attemptDelivery, markDeliveriesQueued, sweepWebhookDeliveries, WEBHOOK_ATTEMPTS, WEBHOOK_TIMEOUT_MS, type Deps, type WebhookDeps } from '@baton/core';
import type { JobQueue } from '@baton/jobs';

export const WEBHOOK_JOBS = { deliver: 'webhooks.deliver', abandoned: 'webhooks.abandoned', sweep: 'webhooks.sweep' } as const;

/**
 * The first retry waits about this long and each next one twice as long, with jitter (pg-boss: the k-th retry
 * between d·2^(k-1) and d·2^k): the 4 retries after the first attempt span 16 to 32 hours, about a day on average.
 */
export const WEBHOOK_RETRY_DELAY_SECONDS = 3840;

export type WebhookJobOptions = {
  /** tests: a short delay and no backoff, so five attempts take seconds */
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  /** a job whose process died mid-attempt is retried after this long; more than an attempt's timeout */
  expireInSeconds?: number;
  /** null: no sweeper (tests on a shared database, whose other files leave deliveries no queue of theirs works) */
  sweepSeconds?: number | null;
  /** how old a delivery nobody handed to the queue must be before the sweeper does */
  sweepGraceMs?: number;
  /** tests: queues of their own, so another server on the same database does not work their jobs */
  queueSuffix?: string;
};

/**
 * Outbound webhook deliveries on the durable queue (docs/webhooks-out.md). Each delivery is one job, retried by
 * the queue: an attempt that fails throws, unless it was the last one, which marks the delivery failed. A crash
 * mid-attempt leaves the job active until it expires, then the queue runs it again: the receiver may get that
 * delivery twice, always with the same webhook-id. A job the queue gives up on without its last run finishing (a
 * crash during the last attempt) comes back as a dead letter, which fails the delivery with the reason. Sets
 * `webhooks.dispatch`, which writeTransaction calls after commit; the sweeper hands over what a dead process could not.
 */
export async function startWebhookJobs(queue: JobQueue, deps: Deps & { webhooks: WebhookDeps }, opts: WebhookJobOptions = {}): Promise<void> {
  const retryLimit = WEBHOOK_ATTEMPTS - 1;
  const suffix = opts.queueSuffix ?? '';
  const names = { deliver: WEBHOOK_JOBS.deliver + suffix, abandoned: WEBHOOK_JOBS.abandoned + suffix, sweep: WEBHOOK_JOBS.sweep + suffix };
  await queue.define<{ deliveryId: string }>({
    name: names.abandoned,
    handler: async ({ deliveryId }, job) => {
      // the queue's own word for a run whose process died: the job stayed active past its expiry
      const died = !job.lastError || /timeout/i.test(job.lastError);
      await abandonDelivery(deps, deliveryId, died ? `Baton stopped during the last of ${WEBHOOK_ATTEMPTS} attempts` : `the last of ${WEBHOOK_ATTEMPTS} attempts failed inside Baton (${job.lastError})`);
    },
  });
  await queue.define<{ deliveryId: string }>({
    name: names.deliver,
    deadLetter: names.abandoned,
    retryLimit,
    retryDelaySeconds: opts.retryDelaySeconds ?? WEBHOOK_RETRY_DELAY_SECONDS,
    retryBackoff: opts.retryBackoff ?? true,
    expireInSeconds: opts.expireInSeconds ?? Math.ceil(((deps.webhooks.timeoutMs ?? WEBHOOK_TIMEOUT_MS) / 1000) * 3),
    // slow receivers must not hold up the others: several attempts run at once in each process
    concurrency: 4,
    handler: async ({ deliveryId }, job) => {
      const outcome = await attemptDelivery(deps, deliveryId, { final: job.retryCount >= retryLimit, manual: false });
      if (outcome === 'retry') throw new Error(`webhook delivery ${deliveryId} failed; attempt ${job.retryCount + 1} of ${WEBHOOK_ATTEMPTS}`);
    },
  });
  const dispatch = async (ids: string[]) => {
    for (const deliveryId of ids) await queue.send(names.deliver, { deliveryId });
    await markDeliveriesQueued(deps, ids);
  };
  deps.webhooks.dispatch = dispatch;
  await queue.define({
    name: names.sweep,
    policy: 'stately',
    retryLimit: 1,
    retryDelaySeconds: 5,
    handler: async () => dispatch(await sweepWebhookDeliveries(deps, { graceMs: opts.sweepGraceMs ?? 30_000 })),
  });
  if (opts.sweepSeconds !== null) queue.every(names.sweep, opts.sweepSeconds ?? 30);
}
