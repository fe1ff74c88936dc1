import type { ItemEventsInput } from '@baton/contracts';
import type { z } from 'zod';
import { requireProductAccess } from '../access/product-access.ts';
import type { Ctx } from '../deps.ts';
import { resolveItem } from '../items/resolve-item.ts';
import { itemEventStream, type ItemEventSource, type ItemEventStream } from './item-event-stream.ts';
import { watchStreamAccess, type AccessWatch } from './stream-access.ts';

/**
 * A product's item events for one subscriber: access is checked now (so a refusal is an error, not an empty
 * stream) and the bus is listened to from the moment this resolves; the stream back-fills after `lastEventId`,
 * then goes live. `assigneeId: 'me'` means the caller (a user's id or an API key's id). Ends when `signal`
 * aborts (the client went away) or on `return()`.
 */
export async function openItemEvents(ctx: Ctx, input: z.infer<typeof ItemEventsInput>, signal?: AbortSignal): Promise<ItemEventStream> {
  const { productId } = input;
  const itemId = input.itemId === undefined ? undefined : (await resolveItem(ctx, { productId, ref: input.itemId }, 'read')).id;
  if (itemId === undefined) await requireProductAccess(ctx, productId, 'read');
  const me = ctx.principal.kind === 'user' ? ctx.principal.userId : ctx.principal.apiKeyId;
  const assigneeId = input.assigneeId === 'me' ? me : input.assigneeId;
  // a revoked key, an ended session or a removed member ends the stream within seconds, not at its 15-minute limit
  const watch = watchStreamAccess(ctx, productId, signal);
  const stream = itemEventStream(databaseSource(ctx, productId, itemId), {
    filter: {
      ...(itemId !== undefined && { itemId }),
      ...(assigneeId !== undefined && { assigneeId }),
      ...(input.label !== undefined && { label: input.label }),
    },
    after: input.lastEventId === undefined ? null : BigInt(input.lastEventId),
    signal: watch.signal,
  });
  return failingOnRefusal(stream, watch);
}

/** The stream, failing with the refusal (UNAUTHENTICATED, NOT_FOUND...) when access was lost, so the client stops. */
function failingOnRefusal(stream: ItemEventStream, watch: AccessWatch): ItemEventStream {
  return {
    async next() {
      const result = await stream.next();
      if (result.done) {
        watch.stop();
        if (watch.refusal) throw watch.refusal;
      }
      return result;
    },
    return: (value?: void) => {
      watch.stop();
      return stream.return!(value);
    },
    throw: (e?: unknown) => {
      watch.stop();
      return stream.throw!(e);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

function databaseSource(ctx: Ctx, productId: string, itemId: string | undefined): ItemEventSource {
  return {
    subscribe: (listener, onGap) => ctx.bus.subscribe(productId, listener, onGap),
    async backfill(after, limit) {
      const rows = await ctx.db.activityEvent.findMany({
        where: { productId, seq: { gt: after }, ...(itemId !== undefined && { itemId }) },
        orderBy: { seq: 'asc' },
        take: limit,
        select: { seq: true, productId: true, itemId: true, action: true, actorName: true, createdAt: true },
      });
      return rows.map((r) => ({
        seq: r.seq.toString(),
        productId: r.productId,
        itemId: r.itemId,
        action: r.action,
        actorName: r.actorName,
        at: r.createdAt,
      }));
    },
    async facts(itemIds) {
      if (itemIds.length === 0) return new Map();
      const rows = await ctx.db.item.findMany({
        where: { id: { in: itemIds }, productId },
        select: { id: true, assigneeUserId: true, assigneeAgentId: true, labels: { select: { label: { select: { name: true } } } } },
      });
      return new Map(
        rows.map((r) => [
          r.id,
          {
            assigneeIds: [r.assigneeUserId, r.assigneeAgentId].filter((id): id is string => id !== null),
            labels: r.labels.map((l) => l.label.name),
          },
        ]),
      );
    },
  };
}
