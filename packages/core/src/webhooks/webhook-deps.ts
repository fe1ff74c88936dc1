/** What outbound webhooks need from the host (Deps.webhooks); all optional, so tests and tools run without a queue. */
export type WebhookDeps = {
  /** addresses and CIDR ranges that may be sent to although private, loopback or link-local (WEBHOOK_ALLOW_ADDRESSES) */
  allowAddresses?: readonly string[];
  /** one attempt's deadline (default 10 s) */
  timeoutMs?: number;
  /**
   * Hands committed deliveries to the durable job queue (backend/src/webhook-jobs.ts). Absent, or failing, they
   * wait as `pending` and the sweeper hands them over (sweepPendingDeliveries).
   */
  dispatch?: (deliveryIds: string[]) => Promise<void>;
};

export const WEBHOOK_TIMEOUT_MS = 10_000;
/** attempts of an event delivery before it is marked failed (the job queue spaces them over about a day) */
export const WEBHOOK_ATTEMPTS = 5;
/** an endpoint whose attempts have failed this long, without a success between, is disabled */
export const WEBHOOK_DISABLE_AFTER_MS = 3 * 24 * 3600 * 1000;
