import { cleanText, forgeName, type Forge } from '@baton/contracts';
import type { Deps } from '../../deps.ts';
import type { EventOutcome } from './event-context.ts';
import { header, type Headers } from './forge-event.ts';
import { forgeSettingsSelect, toForgeSettings } from './forge-settings.ts';
import { forgeAdapters } from './forges.ts';
import { keepNewestDeliveries, storedHeaders } from './delivery-log.ts';
import { runForgeEvent } from './run-forge-event.ts';

export type InboundDelivery = { productKey: string; headers: Headers; body: Buffer };
export type DeliveryAnswer = { status: number; body: { result: string; duplicate?: boolean; changes?: EventOutcome['changes'] } };

/**
 * One POST to /api/webhooks/<forge>/<product key>. Product keys are unique per organization only, so the delivery
 * belongs to the product of that key whose secret for this forge verifies it; none verifying (or no signature or
 * token) is 401 and nothing is stored. A verified delivery is stored first, under the forge's delivery id: a second
 * one with the same id (a redelivery, or a replayed capture) answers 200 as a duplicate and does nothing.
 */
export async function receiveForgeDelivery(deps: Deps, forge: Forge, inbound: InboundDelivery): Promise<DeliveryAnswer> {
  const adapter = forgeAdapters[forge];
  const name = forgeName[forge];
  const proof = header(inbound.headers, adapter.proofHeader);
  if (!proof) return { status: 401, body: { result: `${adapter.proofHeader} is missing: set a secret on the ${name} webhook` } };
  const candidates = await deps.db.product.findMany({
    where: { key: inbound.productKey.toUpperCase(), forges: { some: { forge } } },
    select: { id: true, key: true, name: true, organizationId: true, formerKeys: true, archivedAt: true, forges: { where: { forge }, select: forgeSettingsSelect } },
    take: 50,
  });
  const product = candidates.find((p) => p.forges[0] && adapter.verify(p.forges[0].secret, inbound.body, proof));
  const settings = product?.forges[0];
  if (!product || !settings) return { status: 401, body: { result: `The ${adapter.proofHeader} does not match this product’s ${name} secret` } };

  const named = adapter.identify(inbound.headers, inbound.body);
  if (typeof named === 'string') return { status: 400, body: { result: named } };
  const { event, deliveryId } = named;
  // stored as text: NUL and lone surrogates (never in real JSON) cannot be, so they become U+FFFD
  const body = cleanText(inbound.body.toString('utf8'));
  const action = readAction(body);
  const stored = await deps.db.webhookDelivery
    .create({
      data: { productId: product.id, provider: forge, deliveryId, event, action, headers: storedHeaders(inbound.headers), body, httpStatus: 202, result: 'received' },
      select: { id: true },
    })
    .catch((e: unknown) => {
      if ((e as { code?: unknown })?.code === 'P2002') return null;
      throw e;
    });
  if (!stored) {
    const first = await deps.db.webhookDelivery.findUnique({ where: { productId_provider_deliveryId: { productId: product.id, provider: forge, deliveryId } }, select: { result: true } });
    return { status: 200, body: { duplicate: true, result: `already received: ${first?.result ?? 'received'}` } };
  }

  const outcome: EventOutcome = product.archivedAt
    ? { httpStatus: 202, result: `${product.key} is archived: nothing changed`, changes: [] }
    : await runForgeEvent({ deps, forge, product, settings: toForgeSettings(settings), previous: [] }, event, body);
  await deps.db.webhookDelivery.update({ where: { id: stored.id }, data: { httpStatus: outcome.httpStatus, result: cleanText(outcome.result).slice(0, 2000), changes: outcome.changes } });
  await keepNewestDeliveries(deps, product.id);
  return { status: outcome.httpStatus, body: { result: outcome.result, changes: outcome.changes } };
}

/** The payload's action for the log's list: GitHub and Gitea's `action`, GitLab's `object_attributes.action` or pipeline status. */
function readAction(body: string): string | null {
  try {
    const p = JSON.parse(body) as { action?: unknown; object_attributes?: { action?: unknown; status?: unknown } };
    const action = p.action ?? p.object_attributes?.action ?? p.object_attributes?.status;
    return typeof action === 'string' ? action.slice(0, 100) : null;
  } catch {
    return null;
  }
}
