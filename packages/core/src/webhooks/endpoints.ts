import {
  CreateWebhookInput,
  ListWebhooksInput,
  UpdateWebhookInput,
  WebhookEventType,
  WebhookRef,
  type WebhookEndpoint,
  type WebhookEndpointWithSecret,
} from '@baton/contracts';
import type { z } from 'zod';
import { requireProductAccess } from '../access/product-access.ts';
import { recordActivity, writeTransaction } from '../activity/record-activity.ts';
import type { Ctx, Tx } from '../deps.ts';
import { DomainError, notFound } from '../errors.ts';
import { newWebhookSecret } from './signature.ts';
import { afterCursor, mappedPage } from '../pagination.ts';

/** How many endpoints a product may have: each event is one delivery per endpoint. */
export const WEBHOOKS_PER_PRODUCT = 20;

export const endpointSelect = {
  id: true,
  productId: true,
  url: true,
  description: true,
  events: true,
  enabled: true,
  disabledAt: true,
  disabledReason: true,
  failingSince: true,
  previousSecretExpiresAt: true,
  createdAt: true,
} as const;
type Row = Omit<WebhookEndpoint, 'events'> & { events: string[] };
// events are stored as text: one no longer known (after a rename) is left out rather than failing the read
export const toEndpoint = (r: Row): WebhookEndpoint => ({ ...r, events: r.events.flatMap((e) => (WebhookEventType.safeParse(e).success ? [e as WebhookEventType] : [])) });

/**
 * One endpoint of a product the caller may configure, or NOT_FOUND (another product's id is not a hint). A Slack
 * endpoint is not a webhook here: its URL is a secret, read and changed only through the Slack settings.
 */
export async function requireEndpoint(ctx: Ctx, productId: string, id: string) {
  const { product } = await requireProductAccess(ctx, productId, 'configure');
  const row = await ctx.db.webhookEndpoint.findUnique({ where: { id }, select: { ...endpointSelect, format: true } });
  if (!row || row.productId !== product.id || row.format !== 'standard') throw notFound('Webhook');
  return { product, endpoint: toEndpoint(row) };
}

// the audit log says what changed, never a secret
const audit = (ctx: Ctx, tx: Tx, productId: string, what: string, after: object) =>
  recordActivity(ctx, tx, [{ productId, itemId: null, action: 'webhook_configured', field: what, after }]);

/** Registers an endpoint (managers and up); its secret is answered this once. */
export async function createWebhook(ctx: Ctx, raw: z.input<typeof CreateWebhookInput>): Promise<WebhookEndpointWithSecret> {
  const input = CreateWebhookInput.parse(raw);
  const { product } = await requireProductAccess(ctx, input.productId, 'configure');
  const secret = newWebhookSecret();
  return writeTransaction(ctx, async (tx, emit) => {
    const count = await tx.webhookEndpoint.count({ where: { productId: product.id } });
    if (count >= WEBHOOKS_PER_PRODUCT) throw new DomainError('CONFLICT', `A product has at most ${WEBHOOKS_PER_PRODUCT} webhooks`);
    const row = await tx.webhookEndpoint.create({
      data: {
        productId: product.id,
        url: input.url,
        description: input.description ?? '',
        events: [...new Set(input.events)],
        secret,
        createdByUserId: ctx.principal.kind === 'user' ? ctx.principal.userId : null,
      },
      select: endpointSelect,
    });
    emit(await audit(ctx, tx, product.id, 'created', { id: row.id, url: row.url, events: row.events }));
    return { ...toEndpoint(row), secret };
  });
}

/** A product's endpoints, oldest first (managers and up). */
export async function listWebhooks(ctx: Ctx, raw: z.input<typeof ListWebhooksInput>) {
  const input = ListWebhooksInput.parse(raw);
  const { product } = await requireProductAccess(ctx, input.productId, 'configure');
  const rows = await ctx.db.webhookEndpoint.findMany({
    where: { productId: product.id, format: 'standard' },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: input.limit + 1,
    ...afterCursor(input.cursor),
    select: endpointSelect,
  });
  return mappedPage(rows, input.limit, toEndpoint);
}

/**
 * Changes an endpoint. Turning it on again starts its failing streak over. Rotating answers the new secret once and
 * keeps the old one signing beside it for the overlap, so receivers switch without a gap.
 */
export async function updateWebhook(ctx: Ctx, raw: z.input<typeof UpdateWebhookInput>): Promise<WebhookEndpointWithSecret> {
  const input = UpdateWebhookInput.parse(raw);
  const { product } = await requireEndpoint(ctx, input.productId, input.id);
  const now = ctx.clock();
  const secret = input.rotateSecret ? newWebhookSecret() : null;
  return writeTransaction(ctx, async (tx, emit) => {
    const current = await tx.webhookEndpoint.findUniqueOrThrow({ where: { id: input.id }, select: { secret: true } });
    const overlapMs = (input.rotateSecret?.overlapHours ?? 0) * 3600_000;
    const row = await tx.webhookEndpoint.update({
      where: { id: input.id },
      data: {
        ...(input.url !== undefined && { url: input.url }),
        ...(input.description !== undefined && { description: input.description }),
        ...(input.events && { events: [...new Set(input.events)] }),
        ...(input.enabled === true && { enabled: true, disabledAt: null, disabledReason: null, failingSince: null }),
        ...(input.enabled === false && { enabled: false, disabledAt: now, disabledReason: 'turned off by a manager' }),
        ...(secret && {
          secret,
          previousSecret: overlapMs ? current.secret : null,
          previousSecretExpiresAt: overlapMs ? new Date(now.getTime() + overlapMs) : null,
        }),
      },
      select: endpointSelect,
    });
    const { productId: _, id, ...changed } = input;
    emit(await audit(ctx, tx, product.id, 'updated', { id, ...changed, rotateSecret: !!secret }));
    return { ...toEndpoint(row), secret };
  });
}

/** Removes an endpoint with its delivery log; jobs still queued for it find nothing and end. */
export async function deleteWebhook(ctx: Ctx, raw: z.input<typeof WebhookRef>): Promise<{ deleted: true }> {
  const input = WebhookRef.parse(raw);
  const { product, endpoint } = await requireEndpoint(ctx, input.productId, input.id);
  await writeTransaction(ctx, async (tx, emit) => {
    await tx.webhookEndpoint.delete({ where: { id: endpoint.id } });
    emit(await audit(ctx, tx, product.id, 'deleted', { id: endpoint.id, url: endpoint.url }));
  });
  return { deleted: true };
}
