import { TakeNextInput, type TakeNextResult } from '@baton/contracts';
import { Prisma } from '@baton/db';
import type { z } from 'zod';
import { requireProductAccess } from '../access/product-access.ts';
import { writeTransaction } from '../activity/record-activity.ts';
import { grantClaim } from '../claims/grant-claim.ts';
import { sweepExpiredClaims } from '../claims/sweep-expired-claims.ts';
import type { Ctx, Tx } from '../deps.ts';
import { itemSummarySelect, toItemSummary } from '../items/item-select.ts';
import { afterReadyCursor, encodeReadyCursor } from './ready-cursor.ts';
import { assignedTo, readyReason } from './ready-reason.ts';
import { READY_ORDER, readyConditions, readyWhere } from './ready-where.ts';

const BATCH = 25;

/** Whether a candidate was assigned before it was taken (taking an unassigned item assigns it to the taker). */
const wasAssigned = (batch: { id: string; assigneeUserId: string | null; assigneeAgentId: string | null }[], id: string) => {
  const c = batch.find((b) => b.id === id);
  return Boolean(c && (c.assigneeUserId || c.assigneeAgentId));
};

/**
 * Claims the best ready item for the caller, or answers null when nothing is ready. Candidates come in queue order;
 * each attempt locks the first candidate still open that no concurrent caller has locked (FOR NO KEY UPDATE SKIP LOCKED, see items/locks.ts),
 * so N callers at once spread over N items instead of all fighting for the first, and re-checks readiness under
 * that lock before claiming. An item that stopped being ready is skipped, and the walk goes on.
 */
export async function takeNext(ctx: Ctx, raw: z.input<typeof TakeNextInput>): Promise<z.infer<typeof TakeNextResult>> {
  const input = TakeNextInput.parse(raw);
  await requireProductAccess(ctx, input.productId, 'write');
  await sweepExpiredClaims(ctx, { productId: input.productId });
  // the same rule again under the row lock: a blocker added or an assignment made since the batch was read counts
  const stillReady = async (tx: Tx, itemId: string) =>
    (await tx.item.count({ where: { id: itemId, AND: Object.values(readyConditions(ctx.principal, ctx.clock(), input)) } })) === 1;
  let after: string | null = null;
  // items of earlier batches, all passed over: the rank of a pick counts them
  let before = 0;
  for (;;) {
    const where = readyWhere(ctx.principal, input, ctx.clock());
    const batch = await ctx.db.item.findMany({
      where: after ? { AND: [where, afterReadyCursor(after)] } : where,
      orderBy: READY_ORDER,
      take: BATCH,
      select: { id: true, priority: true, createdAt: true, assigneeUserId: true, assigneeAgentId: true },
    });
    let candidates = batch.map((c) => c.id);
    while (candidates.length) {
      const ids = candidates;
      const outcome = await writeTransaction(ctx, async (tx, emit) => {
        // same order as READY_ORDER; rows another transaction is claiming right now are skipped, not waited for
        const [picked] = await tx.$queryRaw<{ id: string }[]>`
          SELECT "id" FROM "Item"
          WHERE "id" IN (${Prisma.join(ids)}) AND "status" = 'open' AND "deletedAt" IS NULL
          ORDER BY "priority", "createdAt", "id"
          LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED`;
        if (!picked) return { kind: 'exhausted' as const };
        const lease = await grantClaim(ctx, tx, emit, picked.id, { ttlSeconds: input.ttlSeconds, onlyIfReady: stillReady });
        if (!lease) return { kind: 'skipped' as const, id: picked.id };
        const row = await tx.item.findUniqueOrThrow({
          where: { id: picked.id },
          select: {
            ...itemSummarySelect,
            linksTo: { where: { type: 'blocks', fromItem: { deletedAt: null } }, select: { fromItem: { select: { status: true } } } },
          },
        });
        const item = toItemSummary(row);
        const rank = before + batch.findIndex((c) => c.id === picked.id) + 1;
        // the assignee as it was before the take (taking an unassigned item makes it the taker's)
        const ready = readyReason(
          row.linksTo.map((l) => l.fromItem.status),
          assignedTo(wasAssigned(batch, picked.id) ? item.assignee : null, ctx.principal),
        );
        const reason = `#${rank} in your ready queue (${item.priority}, then oldest first): ${ready}`;
        return { kind: 'taken' as const, item, lease, why: { rank, reason } };
      });
      if (outcome.kind === 'taken') return { item: outcome.item, lease: outcome.lease, why: outcome.why };
      if (outcome.kind === 'exhausted') break;
      candidates = candidates.filter((id) => id !== outcome.id);
    }
    const last = batch.at(-1);
    if (batch.length < BATCH || !last) return null;
    before += batch.length;
    after = encodeReadyCursor(last);
  }
}
