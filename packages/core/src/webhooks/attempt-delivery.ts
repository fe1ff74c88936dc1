import type { Deps, Tx } from '../deps.ts';
import { enqueueEmails, publicBase } from '../email/enqueue-email.ts';
import { postWebhook } from './post-webhook.ts';
import { webhookHeaders, webhookIdOf } from './signature.ts';
import { WEBHOOK_DISABLE_AFTER_MS, WEBHOOK_TIMEOUT_MS } from './webhook-deps.ts';

/** delivered: 2xx; retry: failed, more attempts to come; failed: failed for good; gone: the delivery or endpoint was deleted */
export type AttemptOutcome = 'delivered' | 'retry' | 'failed' | 'gone';

const DONE = new Set(['delivered', 'failed']);
/** An attempt's line in the log until its answer is recorded: what it keeps saying when the process died during it. */
export const ATTEMPT_CUT_OFF = 'no answer recorded: Baton stopped during this attempt (the receiver may have got it; any retry carries the same webhook-id)';
/** a job is still to come for these (a test event is 'sending': its one attempt is all) */
const QUEUED = new Set(['pending', 'retrying']);

/**
 * One attempt of a delivery, recorded in its log. `final`: the last attempt the queue will make (then a failure is
 * for good); `manual`: a person asked (redeliver, test): it is sent whatever the delivery's state and the endpoint's,
 * and its failure neither fails a delivery that still has attempts coming nor counts toward disabling the endpoint.
 * Automatic attempts of an endpoint failing for WEBHOOK_DISABLE_AFTER_MS disable it and email its owner.
 */
export async function attemptDelivery(deps: Deps, deliveryId: string, opts: { final: boolean; manual: boolean }): Promise<AttemptOutcome> {
  const d = await deps.db.webhookOutDelivery.findUnique({
    where: { id: deliveryId },
    select: {
      id: true,
      body: true,
      status: true,
      endpoint: { select: { id: true, url: true, format: true, secret: true, previousSecret: true, previousSecretExpiresAt: true, enabled: true, failingSince: true } },
    },
  });
  if (!d) return 'gone';
  // a repeat of a job that already finished this delivery (a crash after the answer was recorded) sends nothing
  if (!opts.manual && DONE.has(d.status)) return d.status === 'delivered' ? 'delivered' : 'failed';
  const e = d.endpoint;
  const now = deps.clock();
  if (!opts.manual && !e.enabled) {
    await deps.db.$transaction([
      deps.db.webhookOutAttempt.create({ data: { deliveryId: d.id, httpStatus: null, latencyMs: 0, response: 'not sent: the webhook is disabled' } }),
      deps.db.webhookOutDelivery.update({ where: { id: d.id }, data: { status: 'failed' } }),
    ]);
    return 'failed';
  }
  // written before anything is sent: should the process die during the attempt, the log keeps it as cut off and
  // counts it (the receiver may have got it), and the queue's next run, if any, is the next attempt
  const attempt = await deps.db.$transaction(async (tx) => {
    const row = await tx.webhookOutAttempt.create({ data: { deliveryId: d.id, httpStatus: null, latencyMs: 0, response: ATTEMPT_CUT_OFF, manual: opts.manual }, select: { id: true } });
    await tx.webhookOutDelivery.update({ where: { id: d.id }, data: { attemptCount: { increment: 1 } }, select: { id: true } });
    return row;
  });
  const secrets = [e.secret, ...(e.previousSecret && e.previousSecretExpiresAt && e.previousSecretExpiresAt > now ? [e.previousSecret] : [])];
  // Slack signs nothing and reads no headers of ours: its incoming-webhook URL is the credential
  const headers = e.format === 'slack' ? {} : webhookHeaders(secrets, webhookIdOf(d.id), now, d.body);
  const result = await postWebhook(e.url, headers, d.body, {
    allow: deps.webhooks?.allowAddresses ?? [],
    timeoutMs: deps.webhooks?.timeoutMs ?? WEBHOOK_TIMEOUT_MS,
  });
  const outcome: AttemptOutcome = result.ok ? 'delivered' : opts.final ? 'failed' : 'retry';
  const at = deps.clock();
  const gone = await deps.db.$transaction(async (tx) => {
    const still = await tx.webhookOutDelivery.findUnique({ where: { id: d.id }, select: { status: true } });
    if (!still) return true;
    await tx.webhookOutAttempt.update({
      where: { id: attempt.id },
      data: { httpStatus: result.httpStatus, latencyMs: result.latencyMs, response: result.response },
      select: { id: true },
    });
    // a manual failure leaves a delivery that the queue still has attempts for to those attempts
    const status = result.ok ? 'delivered' : opts.manual && QUEUED.has(still.status) ? still.status : outcome === 'failed' ? 'failed' : 'retrying';
    await tx.webhookOutDelivery.update({
      where: { id: d.id },
      data: { status, ...(result.ok && { deliveredAt: at }) },
    });
    if (result.ok) {
      if (e.failingSince) await tx.webhookEndpoint.update({ where: { id: e.id }, data: { failingSince: null } });
    } else if (!opts.manual) {
      await noteFailure(deps, tx, e.id, at);
    }
    return false;
  });
  return gone ? 'gone' : outcome;
}

/**
 * The queue gave up on a delivery without an attempt of its ending it: the process died during the last allowed
 * attempt (the job expired with no retries left), or that attempt failed inside Baton (a database error). The
 * delivery is failed, and the log says why in a line of its own; the cut-off attempt keeps its own line. A
 * delivery already delivered or failed is left as it is (the crash came after its last attempt was recorded).
 */
export async function abandonDelivery(deps: Deps, deliveryId: string, reason: string): Promise<void> {
  await deps.db.$transaction(async (tx) => {
    const d = await tx.webhookOutDelivery.findUnique({ where: { id: deliveryId }, select: { status: true } });
    if (!d || DONE.has(d.status)) return;
    await tx.webhookOutAttempt.create({ data: { deliveryId, httpStatus: null, latencyMs: 0, response: `failed without a further attempt: ${reason}`.slice(0, 1000) } });
    await tx.webhookOutDelivery.update({ where: { id: deliveryId }, data: { status: 'failed' }, select: { id: true } });
  });
}

/** Starts an endpoint's failing streak, or disables it when the streak has lasted long enough (and says so by email). */
async function noteFailure(deps: Deps, tx: Tx, endpointId: string, at: Date): Promise<void> {
  const e = await tx.webhookEndpoint.findUniqueOrThrow({
    where: { id: endpointId },
    select: { id: true, url: true, format: true, enabled: true, failingSince: true, createdBy: { select: { email: true } }, product: { select: { key: true, name: true, organizationId: true } } },
  });
  if (!e.failingSince) {
    await tx.webhookEndpoint.update({ where: { id: e.id }, data: { failingSince: at } });
    return;
  }
  if (!e.enabled || at.getTime() - e.failingSince.getTime() < WEBHOOK_DISABLE_AFTER_MS) return;
  const days = Math.floor((at.getTime() - e.failingSince.getTime()) / 86_400_000);
  const reason = `every delivery failed for ${days} days (since ${e.failingSince.toISOString()})`;
  await tx.webhookEndpoint.update({ where: { id: e.id }, data: { enabled: false, disabledAt: at, disabledReason: reason } });
  // its owner is who registered it; a key registered it, or that person left: the organization's owners
  const to = e.createdBy
    ? [e.createdBy.email]
    : (await tx.membership.findMany({ where: { organizationId: e.product.organizationId, role: 'owner' }, select: { user: { select: { email: true } } } })).map((m) => m.user.email);
  const slack = e.format === 'slack';
  // a Slack URL is a credential: the email names the channel's integration, not the URL
  const where = slack ? 'Slack messages' : e.url;
  const link = `${publicBase(deps)}/p/${e.product.key}/settings/${slack ? 'integrations/slack' : 'webhooks'}`;
  await enqueueEmails(
    deps,
    tx,
    to.map((address) => ({
      to: address,
      kind: 'webhook_disabled' as const,
      subject: `Baton turned off a webhook of ${e.product.name}: ${where}`,
      text: `Baton could not deliver to ${where} for ${days} days, so it turned the webhook off: ${reason}.\n\nSee its delivery log, fix the receiver, then turn it back on: ${link}\n`,
      dedupeKey: `webhook-disabled:${e.id}:${e.failingSince!.toISOString()}:${address}`,
    })),
  );
}
