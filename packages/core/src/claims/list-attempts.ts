import { ATTEMPT_PROGRESS_SHOWN, type AgentMetadata, type Attempt, type AttemptOutcome, type AttemptsPage, type AttemptTotals, type Usage } from '@baton/contracts';
import type { Prisma } from '@baton/db';
import type { Ctx } from '../deps.ts';
import { resolveItem } from '../items/resolve-item.ts';
import { agentOf, claimSelect, holderOf, isExpired } from './claim-select.ts';
import { afterCursor, mappedPage } from '../pagination.ts';

const attemptSelect = {
  ...claimSelect,
  inputTokens: true,
  outputTokens: true,
  costAmount: true,
  costCurrency: true,
  wallSeconds: true,
  runId: true,
  metadata: true,
  evidence: true,
  // the latest reports, turned back into their order below
  progress: { orderBy: { number: 'desc' }, take: ATTEMPT_PROGRESS_SHOWN, select: { number: true, percent: true, stage: true, message: true, createdAt: true } },
  pullRequests: { orderBy: { createdAt: 'asc' }, take: 20, select: { url: true, number: true, title: true, status: true } },
  _count: { select: { progress: true } },
} satisfies Prisma.ClaimSelect;
type AttemptRow = Prisma.ClaimGetPayload<{ select: typeof attemptSelect }>;

/**
 * An item's attempts (every claim), oldest first, each with its progress reports in order, evidence, pull requests
 * and declared usage, and totals over all of them (docs/attempts.md). Cursor = the last attempt id of the previous
 * page; a cursor from another item gives an empty page.
 */
export async function listAttempts(
  ctx: Ctx,
  input: { productId: string; ref: string; cursor?: string | undefined; limit?: number | undefined },
): Promise<AttemptsPage> {
  const { id } = await resolveItem(ctx, input, 'read');
  const limit = input.limit ?? 50;
  const totals = await attemptTotals(ctx, id);
  if (input.cursor) {
    const ok = await ctx.db.claim.findFirst({ where: { id: input.cursor, itemId: id }, select: { id: true } });
    if (!ok) return { items: [], nextCursor: null, totals };
  }
  const rows = await ctx.db.claim.findMany({
    where: { itemId: id },
    // tokens rise with every claim of an item: attempts in the order they began, whatever the clocks said
    orderBy: [{ fencingToken: 'asc' }, { id: 'asc' }],
    take: limit + 1,
    ...afterCursor(input.cursor),
    select: attemptSelect,
  });
  const now = ctx.clock();
  return { ...mappedPage(rows, limit, (row) => toAttempt(row, now)), totals };
}

function outcomeOf(row: AttemptRow, now: Date): AttemptOutcome {
  if (!row.endReason) return isExpired(row, now) ? 'expired' : 'active';
  return row.endReason === 'revoked' ? 'lost' : row.endReason;
}

function usageOf(row: AttemptRow): Usage | null {
  const usage: Usage = {
    ...(row.inputTokens !== null && { inputTokens: Number(row.inputTokens) }),
    ...(row.outputTokens !== null && { outputTokens: Number(row.outputTokens) }),
    ...(row.costAmount !== null && row.costCurrency !== null && { cost: { amount: row.costAmount.toNumber(), currency: row.costCurrency } }),
    ...(row.wallSeconds !== null && { wallSeconds: row.wallSeconds }),
    ...(row.runId !== null && { runId: row.runId }),
  };
  return Object.keys(usage).length > 0 ? usage : null;
}

function toAttempt(row: AttemptRow, now: Date): Attempt {
  return {
    id: row.id,
    number: row.fencingToken,
    holder: holderOf(row),
    agent: agentOf(row),
    startedAt: row.createdAt,
    lastHeartbeatAt: row.lastHeartbeatAt,
    leaseExpiresAt: row.leaseExpiresAt,
    endedAt: row.endedAt,
    outcome: outcomeOf(row, now),
    endNote: row.endNote,
    progress: [...row.progress].reverse().map((p) => ({ number: p.number, percent: p.percent, stage: p.stage, message: p.message, at: p.createdAt })),
    progressCount: row._count.progress,
    evidence: (row.evidence as Attempt['evidence']) ?? null,
    pullRequests: row.pullRequests,
    usage: usageOf(row),
    metadata: (row.metadata as AgentMetadata | null) ?? null,
  };
}

/** Sums over every attempt of the item, in the database: cost per currency, since nothing converts between them. */
async function attemptTotals(ctx: Ctx, itemId: string): Promise<AttemptTotals> {
  const [all, completed, costs] = await Promise.all([
    ctx.db.claim.aggregate({ where: { itemId }, _count: { _all: true }, _sum: { inputTokens: true, outputTokens: true, wallSeconds: true } }),
    ctx.db.claim.count({ where: { itemId, endReason: 'completed' } }),
    ctx.db.claim.groupBy({ by: ['costCurrency'], where: { itemId, costCurrency: { not: null } }, _sum: { costAmount: true }, orderBy: { costCurrency: 'asc' } }),
  ]);
  return {
    attempts: all._count._all,
    completed,
    inputTokens: Number(all._sum.inputTokens ?? 0),
    outputTokens: Number(all._sum.outputTokens ?? 0),
    wallSeconds: all._sum.wallSeconds ?? 0,
    cost: costs.map((c) => ({ currency: c.costCurrency!, amount: c._sum.costAmount?.toNumber() ?? 0 })),
  };
}
