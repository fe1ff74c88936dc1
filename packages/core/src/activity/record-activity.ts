import type { Deps, Principal, Tx } from '../deps.ts';
import type { ItemEvent } from '../events/bus.ts';
import { takeNotified } from '../notifications/notified-after-commit.ts';
import { raiseNotifications } from '../notifications/raise-notifications.ts';
import { produceWebhookDeliveries, takeWebhookDeliveries } from '../webhooks/produce-deliveries.ts';

export type ActivityInput = {
  productId: string;
  itemId: string | null;
  action: string;
  field?: string;
  before?: unknown;
  after?: unknown;
  /** a comment's words, for its @mentions (raise-notifications.ts); not stored: the comment row has them */
  commentBody?: string;
};

/** Changes nobody asked for in a request (a lease running out): attributed to the system, not to a caller. */
export const SYSTEM_ACTOR = { kind: 'system', name: 'system' } as const;
/** Whom an event is attributed to: the calling principal, or the system. */
export type ActivityActor = Principal | { kind: 'system'; name: string };
/** The system as the actor of a write (a lease running out), with what the write's side effects need (links in emails). */
export const asSystem = (deps: Pick<Deps, 'publicUrl'>): { principal: ActivityActor } & Pick<Deps, 'publicUrl'> => ({ ...deps, principal: SYSTEM_ACTOR });

const json = (v: unknown) => (v === undefined ? undefined : v instanceof Date ? v.toISOString() : (v as object));

/**
 * Writes activity events inside the caller's transaction (the item history and the audit log are one table),
 * raises the notifications they call for (notifications/raise-notifications.ts: here, so every edge notifies
 * alike), writes the outbound webhook deliveries they are (webhooks/produce-deliveries.ts, for the same reason),
 * and returns the events for publishing once the transaction has committed.
 */
export async function recordActivity(ctx: { principal: ActivityActor; clock?: () => Date } & Pick<Partial<Deps>, 'publicUrl'>, tx: Tx, inputs: ActivityInput[]): Promise<ItemEvent[]> {
  const p = ctx.principal;
  const actor =
    p.kind === 'user'
      ? { actorUserId: p.userId, actorName: p.name }
      : p.kind === 'agent'
        ? { actorAgentId: p.apiKeyId, actorName: p.name }
        : { actorName: p.name };
  const events: ItemEvent[] = [];
  for (const a of inputs) {
    const row = await tx.activityEvent.create({
      data: {
        ...actor,
        productId: a.productId,
        itemId: a.itemId,
        action: a.action,
        field: a.field ?? null,
        before: json(a.before) ?? undefined,
        after: json(a.after) ?? undefined,
      },
      select: { seq: true, createdAt: true },
    });
    events.push({ seq: row.seq.toString(), productId: a.productId, itemId: a.itemId, action: a.action, actorName: actor.actorName, at: row.createdAt });
  }
  await raiseNotifications(ctx, tx, inputs);
  await produceWebhookDeliveries(ctx, tx, inputs, events);
  return events;
}

/**
 * Runs `fn` in one transaction and publishes its events after commit. PGlite runs transactions one at a
 * time, so `fn` must use `tx` only and stay short.
 */
export async function writeTransaction<T>(ctx: Deps, fn: (tx: Tx, emit: (e: ItemEvent[]) => void) => Promise<T>): Promise<T> {
  const pending: ItemEvent[] = [];
  let notified: string[] = [];
  let hooks: string[] = [];
  const result = await ctx.db.$transaction(
    async (tx) => {
      const out = await fn(tx, (e) => pending.push(...e));
      notified = takeNotified(tx);
      hooks = takeWebhookDeliveries(tx);
      return out;
    },
    { timeout: 15_000, maxWait: 15_000 },
  );
  if (pending.length) ctx.bus.publish(pending);
  if (notified.length) ctx.bus.publishNotified(notified);
  // the queue hand-over must not fail the committed write: a delivery it misses waits for the sweeper
  if (hooks.length && ctx.webhooks?.dispatch) void ctx.webhooks.dispatch(hooks).catch(() => undefined);
  return result;
}
