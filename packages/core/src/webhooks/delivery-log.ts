import { ListWebhookDeliveriesInput, OutboundDeliveryStatus, RedeliverInput, WEBHOOK_TEST_EVENT, WebhookRef, type OutboundDelivery } from '@baton/contracts';
import type { Prisma } from '@baton/db';
import type { z } from 'zod';
import { requireProductAccess } from '../access/product-access.ts';
import type { Ctx, Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { attemptDelivery } from './attempt-delivery.ts';
import { WEBHOOK_TIMEOUT_MS } from './webhook-deps.ts';
import { requireEndpoint } from './endpoints.ts';
import { webhookIdOf } from './signature.ts';
import { afterCursor, mappedPage } from '../pagination.ts';
import { formatDelivery } from './slack-message.ts';

const ATTEMPTS_SHOWN = 10;
const deliverySelect = {
  id: true,
  eventType: true,
  status: true,
  attemptCount: true,
  body: true,
  createdAt: true,
  deliveredAt: true,
  attempts: {
    orderBy: [{ createdAt: 'desc' as const }, { id: 'desc' as const }],
    take: ATTEMPTS_SHOWN,
    select: { createdAt: true, httpStatus: true, latencyMs: true, response: true, manual: true },
  },
} satisfies Prisma.WebhookOutDeliverySelect;
type Row = { id: string; eventType: string; status: string; attemptCount: number; body: string; createdAt: Date; deliveredAt: Date | null; attempts: Array<{ createdAt: Date; httpStatus: number | null; latencyMs: number; response: string; manual: boolean }> };
const toDelivery = (r: Row): OutboundDelivery => ({
  ...r,
  webhookId: webhookIdOf(r.id),
  status: OutboundDeliveryStatus.catch('pending').parse(r.status),
  attempts: r.attempts.map(({ createdAt, ...a }) => ({ at: createdAt, ...a })),
});

/** An endpoint's delivery log, newest first, each with its latest attempts (managers and up). */
export async function listWebhookDeliveries(ctx: Ctx, raw: z.input<typeof ListWebhookDeliveriesInput>) {
  const input = ListWebhookDeliveriesInput.parse(raw);
  const { endpoint } = await requireEndpoint(ctx, input.productId, input.id);
  return deliveriesOf(ctx, endpoint.id, input);
}

/** The log of one endpoint the caller was already allowed to read (a webhook, or a product's Slack channel). */
export async function deliveriesOf(deps: Deps, endpointId: string, input: { cursor?: string | undefined; limit: number }) {
  const rows = await deps.db.webhookOutDelivery.findMany({
    where: { endpointId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: input.limit + 1,
    ...afterCursor(input.cursor),
    select: deliverySelect,
  });
  return mappedPage(rows, input.limit, toDelivery);
}

const readDelivery = async (deps: Deps, id: string) => toDelivery(await deps.db.webhookOutDelivery.findUniqueOrThrow({ where: { id }, select: deliverySelect }));

/**
 * Sends a logged delivery again now, once, with its original body and webhook-id (a receiver that already has it
 * can drop it), and answers how it went. Works on a disabled endpoint too: that is how one checks a fix before
 * turning it back on.
 */
export async function redeliverWebhook(ctx: Ctx, raw: z.input<typeof RedeliverInput>): Promise<OutboundDelivery> {
  const input = RedeliverInput.parse(raw);
  const { product } = await requireProductAccess(ctx, input.productId, 'configure');
  const row = await ctx.db.webhookOutDelivery.findUnique({ where: { id: input.deliveryId }, select: { id: true, endpoint: { select: { productId: true } } } });
  if (!row || row.endpoint.productId !== product.id) throw notFound('Delivery');
  await attemptDelivery(ctx, row.id, { final: true, manual: true });
  return readDelivery(ctx, row.id);
}

/** Sends a `webhook.test` event to an endpoint now and answers how it went (it is in the delivery log too). */
export async function sendTestWebhook(ctx: Ctx, raw: z.input<typeof WebhookRef>): Promise<OutboundDelivery> {
  const input = WebhookRef.parse(raw);
  const { product, endpoint } = await requireEndpoint(ctx, input.productId, input.id);
  return sendTestDelivery(ctx, product, { id: endpoint.id, format: 'standard' });
}

/** The test event itself, written in the endpoint's format, for an endpoint the caller may configure. */
export async function sendTestDelivery(ctx: Ctx, product: { id: string; key: string }, endpoint: { id: string; format: string }): Promise<OutboundDelivery> {
  const body = formatDelivery(endpoint.format, {
    type: WEBHOOK_TEST_EVENT,
    timestamp: ctx.clock().toISOString(),
    data: { product: { id: product.id, key: product.key }, webhook: { id: endpoint.id }, message: `A test event from Baton, sent by ${ctx.principal.name}` },
  });
  // 'sending': no job will retry it, so its one attempt decides (the sweeper looks at 'pending' only)
  const { id } = await ctx.db.webhookOutDelivery.create({ data: { endpointId: endpoint.id, eventType: WEBHOOK_TEST_EVENT, body, status: 'sending' }, select: { id: true } });
  await attemptDelivery(ctx, id, { final: true, manual: true });
  return readDelivery(ctx, id);
}

/** Deliveries are kept this long after they finish, then dropped (the log is for what happened lately). */
export const DELIVERIES_KEPT_DAYS = 30;

/**
 * The safety net of the hand-over: deliveries committed but never handed to the queue (the process died between
 * commit and send, or the send failed) are returned for sending once they are `graceMs` old; test events cut off
 * by a crash are failed; finished deliveries older than DELIVERIES_KEPT_DAYS are dropped.
 */
export async function sweepWebhookDeliveries(deps: Deps, opts: { graceMs: number; limit?: number }): Promise<string[]> {
  const now = deps.clock().getTime();
  await deps.db.webhookOutDelivery.deleteMany({ where: { status: { in: ['delivered', 'failed'] }, createdAt: { lt: new Date(now - DELIVERIES_KEPT_DAYS * 86_400_000) } } });
  // a test event whose process died during its one attempt (no job will retry it) would stay 'sending': it failed,
  // and its attempt's line already says it was cut off; the attempt's deadline is long past by then
  const sendingFor = Math.max(opts.graceMs, 3 * (deps.webhooks?.timeoutMs ?? WEBHOOK_TIMEOUT_MS));
  await deps.db.webhookOutDelivery.updateMany({ where: { status: 'sending', queuedAt: null, updatedAt: { lt: new Date(now - sendingFor) } }, data: { status: 'failed' } });
  const rows = await deps.db.webhookOutDelivery.findMany({
    where: { status: 'pending', queuedAt: null, createdAt: { lt: new Date(now - opts.graceMs) } },
    orderBy: { createdAt: 'asc' },
    take: opts.limit ?? 100,
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/** Notes that jobs were sent for these deliveries, so the sweeper leaves them alone. */
export async function markDeliveriesQueued(deps: Deps, ids: string[]): Promise<void> {
  if (ids.length) await deps.db.webhookOutDelivery.updateMany({ where: { id: { in: ids }, queuedAt: null }, data: { queuedAt: deps.clock() } });
}
