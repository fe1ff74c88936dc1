import { cleanText, DeliveryChange, Forge, forgeName, ListDeliveriesInput, ReplayDeliveryInput, type WebhookDelivery } from '@baton/contracts';
import { z } from 'zod';
import { requireProductAccess } from '../../access/product-access.ts';
import type { Ctx, Deps } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import { forgeSettingsSelect, toForgeSettings } from './forge-settings.ts';
import { runForgeEvent } from './run-forge-event.ts';
import { afterCursor, mappedPage } from '../../pagination.ts';

/** How many inbound deliveries a product keeps: enough to see what happened this week and replay it. */
export const DELIVERIES_KEPT = 100;

/** Headers that prove or grant something are never stored: the log shows what came, not how to forge it. */
const SECRET_HEADERS = /^(x-hub-signature(-256)?|authorization|cookie|x-gitea-signature|x-gitlab-token|proxy-authorization)$/i;

export function storedHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || SECRET_HEADERS.test(name)) continue;
    out[name.toLowerCase()] = cleanText([value].flat().join(', ')).slice(0, 1000);
  }
  return out;
}

/** Drops a product's deliveries past the newest DELIVERIES_KEPT (index: productId, createdAt, id). */
export async function keepNewestDeliveries(deps: Deps, productId: string): Promise<void> {
  const old = await deps.db.webhookDelivery.findMany({
    where: { productId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip: DELIVERIES_KEPT,
    take: 500,
    select: { id: true },
  });
  if (old.length) await deps.db.webhookDelivery.deleteMany({ where: { id: { in: old.map((o) => o.id) } } });
}

const deliverySelect = {
  id: true,
  provider: true,
  deliveryId: true,
  event: true,
  action: true,
  headers: true,
  body: true,
  httpStatus: true,
  result: true,
  changes: true,
  replayCount: true,
  replayedAt: true,
  createdAt: true,
} as const;

type Row = Omit<WebhookDelivery, 'headers' | 'changes'> & { headers: unknown; changes: unknown };
const Changes = z.array(DeliveryChange).catch([]);
const Headers = z.record(z.string(), z.string()).catch({});
const toDelivery = (r: Row): WebhookDelivery => ({ ...r, headers: Headers.parse(r.headers), changes: Changes.parse(r.changes) });

/** A product's inbound deliveries, newest first: managers and up (bodies may carry code review text). */
export async function listDeliveries(ctx: Ctx, raw: z.input<typeof ListDeliveriesInput>) {
  const input = ListDeliveriesInput.parse(raw);
  await requireProductAccess(ctx, input.productId, 'configure');
  const rows = await ctx.db.webhookDelivery.findMany({
    where: { productId: input.productId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: input.limit + 1,
    ...afterCursor(input.cursor),
    select: deliverySelect,
  });
  return mappedPage(rows, input.limit, toDelivery);
}

/**
 * Runs a stored delivery again, as if it had just arrived (after fixing a mapping, creating a missing item...).
 * Idempotent: links and statuses already as the delivery wants them change nothing, and a comment it already
 * wrote is not written twice; the log keeps every change any run made.
 */
export async function replayDelivery(ctx: Ctx, raw: z.input<typeof ReplayDeliveryInput>): Promise<WebhookDelivery> {
  const input = ReplayDeliveryInput.parse(raw);
  const { product } = await requireProductAccess(ctx, input.productId, 'configure');
  const row = await ctx.db.webhookDelivery.findUnique({ where: { id: input.deliveryId }, select: { ...deliverySelect, productId: true } });
  if (!row || row.productId !== product.id) throw notFound('Delivery');
  const forge = Forge.safeParse(row.provider);
  if (!forge.success) throw notFound('Integration');
  // replayed under the forge's settings as they are now (a fixed mapping is the usual reason to replay)
  const settings = await ctx.db.forgeIntegration.findUnique({ where: { productId_forge: { productId: product.id, forge: forge.data } }, select: forgeSettingsSelect });
  if (!settings) throw notFound(`${forgeName[forge.data]} integration`);
  const { formerKeys } = await ctx.db.product.findUniqueOrThrow({ where: { id: product.id }, select: { formerKeys: true } });
  const previous = Changes.parse(row.changes);
  const outcome = await runForgeEvent({ deps: ctx, forge: forge.data, product: { ...product, formerKeys }, settings: toForgeSettings(settings), previous }, row.event, row.body);
  const fresh = outcome.changes.filter((c) => c.what !== 'skipped' && c.what !== 'problem');
  const updated = await ctx.db.webhookDelivery.update({
    where: { id: row.id },
    data: {
      httpStatus: outcome.httpStatus,
      result: cleanText(`replayed: ${fresh.length ? outcome.result : 'nothing new'}`).slice(0, 2000),
      changes: [...previous, ...fresh],
      replayCount: { increment: 1 },
      replayedAt: ctx.clock(),
    },
    select: deliverySelect,
  });
  return toDelivery(updated);
}
