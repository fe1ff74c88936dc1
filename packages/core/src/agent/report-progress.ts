import { ProgressInput, type AgentMetadata, type AgentProgress } from '@baton/contracts';
import type { Prisma } from '@baton/db';
import { z } from 'zod';
import { recordActivity, writeTransaction } from '../activity/record-activity.ts';
import { assertLeaseHolder } from '../claims/assert-lease-holder.ts';
import type { Ctx } from '../deps.ts';
import { resolveItem } from '../items/resolve-item.ts';
import { actorOf, toJsonMetadata } from './agent-metadata.ts';

/**
 * Records where an agent's work stands. The report replaces the previous `progress` entry of the item's
 * agentMetadata; every other key there (the report's `metadata`, keys other tools keep) stays as it was. It does
 * not bump the item's version: progress is not an edit, so people editing the item meanwhile do not conflict.
 */
export async function reportProgress(ctx: Ctx, raw: z.input<typeof ProgressInput>): Promise<AgentProgress> {
  const input = ProgressInput.parse(raw);
  const metadata = input.metadata ? toJsonMetadata(input.metadata, 'metadata') : null;
  const { id, access } = await resolveItem(ctx, input, 'write');
  return writeTransaction(ctx, async (tx, emit) => {
    // also locks the row, so this read-merge-write cannot lose a concurrent report's other keys
    await assertLeaseHolder(ctx, tx, id, input.fencingToken);
    const { agentMetadata } = await tx.item.findUniqueOrThrow({ where: { id }, select: { agentMetadata: true } });
    const stored =
      agentMetadata && typeof agentMetadata === 'object' && !Array.isArray(agentMetadata) ? (agentMetadata as Prisma.JsonObject) : {};
    const at = ctx.clock();
    const by = actorOf(ctx.principal);
    const progress = { percent: input.percent, stage: input.stage, metadata, at: at.toISOString(), by };
    await tx.item.update({ where: { id }, data: { agentMetadata: { ...stored, progress } } });
    const previous = (stored as { progress?: { percent?: unknown; stage?: unknown } }).progress;
    emit(
      await recordActivity(ctx, tx, [
        {
          productId: access.product.id,
          itemId: id,
          action: 'progress_reported',
          field: 'progress',
          before: previous ? { percent: previous.percent ?? null, stage: previous.stage ?? null } : null,
          after: { percent: input.percent, stage: input.stage },
        },
      ]),
    );
    return { itemId: id, percent: input.percent, stage: input.stage, metadata: metadata as AgentMetadata | null, at, by };
  });
}
