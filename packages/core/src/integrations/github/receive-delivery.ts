import { cleanText } from '@baton/contracts';
import type { Deps } from '../../deps.ts';
import type { EventOutcome } from './event-context.ts';
import { githubSettingsSelect, toGithubSettings } from './github-settings.ts';
import { keepNewestDeliveries, storedHeaders } from './delivery-log.ts';
import { runGithubEvent } from './run-github-event.ts';
import { verifyGithubSignature } from './signature.ts';

export type InboundDelivery = { productKey: string; headers: Record<string, string | string[] | undefined>; body: Buffer };
export type DeliveryAnswer = { status: number; body: { result: string; duplicate?: boolean; changes?: EventOutcome['changes'] } };

const header = (h: InboundDelivery['headers'], name: string) => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * One POST to /api/webhooks/github/<product key>. Product keys are unique per organization only, so the delivery
 * belongs to the product of that key whose secret verifies its signature; none verifying (or no signature) is
 * 401 and nothing is stored. A verified delivery is stored first, under GitHub's delivery id: a second one with
 * the same id (GitHub's redelivery, or a replayed capture) answers 200 as a duplicate and does nothing.
 */
export async function receiveGithubDelivery(deps: Deps, inbound: InboundDelivery): Promise<DeliveryAnswer> {
  const signature = header(inbound.headers, 'x-hub-signature-256');
  if (!signature) return { status: 401, body: { result: 'X-Hub-Signature-256 is missing: set a secret on the GitHub webhook' } };
  const candidates = await deps.db.product.findMany({
    where: { key: inbound.productKey.toUpperCase(), github: { isNot: null } },
    select: { id: true, key: true, name: true, organizationId: true, formerKeys: true, archivedAt: true, github: { select: githubSettingsSelect } },
    take: 50,
  });
  const product = candidates.find((p) => p.github && verifyGithubSignature(p.github.secret, inbound.body, signature));
  if (!product?.github) return { status: 401, body: { result: 'The signature does not match this product’s GitHub secret' } };

  const event = header(inbound.headers, 'x-github-event');
  const deliveryId = header(inbound.headers, 'x-github-delivery');
  if (!event || !deliveryId || deliveryId.length > 100 || event.length > 100) {
    return { status: 400, body: { result: 'X-GitHub-Event and X-GitHub-Delivery (at most 100 characters) are required' } };
  }
  // stored as text: NUL and lone surrogates (never in real JSON) cannot be, so they become U+FFFD
  const body = cleanText(inbound.body.toString('utf8'));
  const action = readAction(body);
  const stored = await deps.db.webhookDelivery
    .create({
      data: { productId: product.id, provider: 'github', deliveryId, event, action, headers: storedHeaders(inbound.headers), body, httpStatus: 202, result: 'received' },
      select: { id: true },
    })
    .catch((e: unknown) => {
      if ((e as { code?: unknown })?.code === 'P2002') return null;
      throw e;
    });
  if (!stored) {
    const first = await deps.db.webhookDelivery.findUnique({ where: { productId_provider_deliveryId: { productId: product.id, provider: 'github', deliveryId } }, select: { result: true } });
    return { status: 200, body: { duplicate: true, result: `already received: ${first?.result ?? 'received'}` } };
  }

  const outcome: EventOutcome = product.archivedAt
    ? { httpStatus: 202, result: `${product.key} is archived: nothing changed`, changes: [] }
    : await runGithubEvent({ deps, product, settings: toGithubSettings(product.github), previous: [] }, event, body);
  await deps.db.webhookDelivery.update({ where: { id: stored.id }, data: { httpStatus: outcome.httpStatus, result: cleanText(outcome.result).slice(0, 2000), changes: outcome.changes } });
  await keepNewestDeliveries(deps, product.id);
  return { status: outcome.httpStatus, body: { result: outcome.result, changes: outcome.changes } };
}

/** The payload's `action`, for the log's list; a body that is not JSON has none. */
function readAction(body: string): string | null {
  try {
    const action = (JSON.parse(body) as { action?: unknown }).action;
    return typeof action === 'string' ? action.slice(0, 100) : null;
  } catch {
    return null;
  }
}
