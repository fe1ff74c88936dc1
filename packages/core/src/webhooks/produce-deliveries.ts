import { formatItemKey, WebhookEventType, type ItemStatus } from '@baton/contracts';
import type { ActivityActor, ActivityInput } from '../activity/record-activity.ts';
import type { Deps, Tx } from '../deps.ts';
import { publicBase } from '../email/enqueue-email.ts';
import type { ItemEvent } from '../events/bus.ts';
import { isQuiet } from '../notifications/notified-after-commit.ts';
import { formatDelivery } from './slack-message.ts';

/** The statuses that end an item's life: moving into one is also `item.closed`. */
const ENDED: ReadonlySet<string> = new Set<ItemStatus>(['done', 'closed', 'wont_fix']);
const statusOf = (after: unknown) =>
  typeof after === 'string' ? after : after && typeof after === 'object' && 'status' in after ? String((after as { status: unknown }).status) : null;

/** Which webhook events one activity entry is: the whole mapping from Baton's history to the outside, here. */
export function webhookEventsOf(a: ActivityInput): WebhookEventType[] {
  if (a.action === 'release_published') return ['release.published'];
  if (!a.itemId) return [];
  if (a.action === 'created') {
    const submitted = (a.after as { source?: string } | undefined)?.source === 'user_submitted';
    return submitted ? ['item.created', 'idea.submitted'] : ['item.created'];
  }
  if (a.action === 'updated') return ['item.updated'];
  if (a.action === 'status_changed') return ENDED.has(statusOf(a.after) ?? '') ? ['item.status_changed', 'item.closed'] : ['item.status_changed'];
  if (a.action === 'commented') return ['comment.added'];
  if (a.action === 'pr_linked') return ['pr.linked'];
  if (a.action === 'claimed') return ['claim.started'];
  if (a.action.startsWith('claim_')) return ['claim.ended'];
  return [];
}

// Deliveries written in a transaction, handed to the job queue once it commits (writeTransaction), never before:
// a rollback must not send anything. Keyed by the transaction, like the notified users.
const pending = new WeakMap<Tx, string[]>();
export const takeWebhookDeliveries = (tx: Tx): string[] => {
  const ids = pending.get(tx) ?? [];
  pending.delete(tx);
  return ids;
};

const json = (v: unknown) => (v instanceof Date ? v.toISOString() : (v ?? null));

/**
 * Called by recordActivity, the one place every edge records what changed: writes one delivery per subscribed
 * endpoint and event into the outbox, in the same transaction. Several entries of one call about the same item and
 * event (an edit of three fields) are one event with three changes. Quiet transactions (imports) send nothing.
 */
export async function produceWebhookDeliveries(
  ctx: { principal: ActivityActor; clock?: () => Date } & Pick<Partial<Deps>, 'publicUrl'>,
  tx: Tx,
  inputs: ActivityInput[],
  events: ItemEvent[],
): Promise<void> {
  const typed = inputs.flatMap((a, i) => webhookEventsOf(a).map((type) => ({ type, a, seq: events[i]?.seq ?? null })));
  if (!typed.length || isQuiet(tx)) return;
  const productIds = [...new Set(typed.map((t) => t.a.productId))];
  const endpoints = await tx.webhookEndpoint.findMany({ where: { productId: { in: productIds }, enabled: true }, select: { id: true, productId: true, events: true, format: true } });
  const wanted = typed.filter((t) => endpoints.some((e) => e.productId === t.a.productId && e.events.includes(t.type)));
  if (!wanted.length) return;
  const itemIds = [...new Set(wanted.flatMap((t) => (t.a.itemId ? [t.a.itemId] : [])))];
  const [items, products] = await Promise.all([
    itemIds.length
      ? tx.item.findMany({ where: { id: { in: itemIds } }, select: { id: true, number: true, title: true, type: true, status: true, priority: true } })
      : [],
    tx.product.findMany({ where: { id: { in: productIds } }, select: { id: true, key: true } }),
  ]);
  const at = (ctx.clock ?? (() => new Date()))();
  const p = ctx.principal;
  const actor = { kind: p.kind, name: p.name, id: p.kind === 'user' ? p.userId : p.kind === 'agent' ? p.apiKeyId : null };
  const groups = new Map<string, typeof wanted>();
  for (const t of wanted) {
    const key = `${t.type}\u0000${t.a.productId}\u0000${t.a.itemId ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  const rows: Array<{ endpointId: string; eventType: string; body: string }> = [];
  for (const group of groups.values()) {
    const { type, a } = group[0]!;
    const product = products.find((x) => x.id === a.productId);
    const item = items.find((x) => x.id === a.itemId);
    const itemKey = product && item ? formatItemKey(product.key, item.number) : null;
    const payload = {
      type,
      timestamp: at.toISOString(),
      data: {
        product: { id: a.productId, key: product?.key ?? null },
        ...(item && itemKey && { item: { ...item, key: itemKey, url: `${publicBase(ctx)}/p/${product!.key}/items/${itemKey}` } }),
        actor,
        changes: group.map((t) => ({ action: t.a.action, field: t.a.field ?? null, before: json(t.a.before), after: json(t.a.after), activitySeq: t.seq })),
      },
    };
    for (const e of endpoints) {
      if (e.productId === a.productId && e.events.includes(type)) rows.push({ endpointId: e.id, eventType: type, body: formatDelivery(e.format, payload) });
    }
  }
  const created = await tx.webhookOutDelivery.createManyAndReturn({ data: rows, select: { id: true } });
  pending.set(tx, [...(pending.get(tx) ?? []), ...created.map((r) => r.id)]);
}
