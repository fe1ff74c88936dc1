import { ProgressInput, type AgentMetadata, type AgentProgress } from '@baton/contracts';
import type { Prisma } from '@baton/db';
import { z } from 'zod';
import { recordActivity, writeTransaction } from '../activity/record-activity.ts';
import { assertLeaseHolder } from '../claims/assert-lease-holder.ts';
import { addAttemptProgress, recordOnAttempt } from '../claims/attempt-record.ts';
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
    const live = await assertLeaseHolder(ctx, tx, id, input.fencingToken);
    const { agentMetadata } = await tx.item.findUniqueOrThrow({ where: { id }, select: { agentMetadata: true } });
    const stored =
      agentMetadata && typeof agentMetadata === 'object' && !Array.isArray(agentMetadata) ? (agentMetadata as Prisma.JsonObject) : {};
    const at = ctx.clock();
    const by = actorOf(ctx.principal);
    const usage = input.usage ?? null;
    const message = input.message ?? null;
    const progress = { percent: input.percent, stage: input.stage, ...(message && { message }), metadata, usage, at: at.toISOString(), by };
    await tx.item.update({ where: { id }, data: { agentMetadata: { ...stored, progress } } });
    // the holder's report is part of its attempt (docs/attempts.md); a report without a lease is on the item only
    if (live) {
      await addAttemptProgress(tx, live.claimId, { percent: input.percent, stage: input.stage, message: input.message, at });
      await recordOnAttempt(tx, live.claimId, { usage: input.usage, metadata });
    }
    const previous = (stored as { progress?: { percent?: unknown; stage?: unknown } }).progress;
    emit(
      await recordActivity(ctx, tx, [
        {
          productId: access.product.id,
          itemId: id,
          action: 'progress_reported',
          field: 'progress',
          before: previous ? { percent: previous.percent ?? null, stage: previous.stage ?? null } : null,
          // the usage goes into the history too: a later report replaces the item's entry, not the record of this one
          after: { percent: input.percent, stage: input.stage, ...(message && { message }), ...(usage && { usage }) },
        },
      ]),
    );
    return { itemId: id, percent: input.percent, stage: input.stage, message, metadata: metadata as AgentMetadata | null, usage, at, by };
  });
}
