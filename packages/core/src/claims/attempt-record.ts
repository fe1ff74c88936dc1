import type { Evidence, Usage } from '@baton/contracts';
import type { Prisma } from '@baton/db';
import type { z } from 'zod';
import type { Tx } from '../deps.ts';

/** The most links an attempt keeps as evidence (each status call sends at most 20). */
const MAX_EVIDENCE_LINKS = 50;

type AttemptNotes = {
  usage?: Usage | undefined;
  evidence?: z.output<typeof Evidence> | undefined;
  /** already made plain JSON (toJsonMetadata); replaces the attempt's previous metadata */
  metadata?: Prisma.InputJsonObject | null | undefined;
};

/**
 * What the holder declares about its attempt (docs/attempts.md), written onto the claim: usage values are running
 * totals of the run, so each field sent replaces the stored one and a field left out keeps it; metadata is the
 * latest report's; evidence accumulates links (first seen first) and keeps the latest test output.
 * Call inside the write's transaction, with the item row locked.
 */
export async function recordOnAttempt(tx: Tx, claimId: string, notes: AttemptNotes): Promise<void> {
  const data: Prisma.ClaimUpdateInput = {};
  const u = notes.usage;
  if (u) {
    if (u.inputTokens !== undefined) data.inputTokens = BigInt(u.inputTokens);
    if (u.outputTokens !== undefined) data.outputTokens = BigInt(u.outputTokens);
    if (u.cost) Object.assign(data, { costAmount: u.cost.amount, costCurrency: u.cost.currency });
    if (u.wallSeconds !== undefined) data.wallSeconds = u.wallSeconds;
    if (u.runId !== undefined) data.runId = u.runId;
  }
  if (notes.metadata) data.metadata = notes.metadata;
  if (notes.evidence) {
    const { evidence } = await tx.claim.findUniqueOrThrow({ where: { id: claimId }, select: { evidence: true } });
    const before = (evidence ?? { links: [] }) as { links: string[]; testOutput?: string };
    const links = [...new Set([...before.links, ...notes.evidence.links])].slice(0, MAX_EVIDENCE_LINKS);
    const testOutput = notes.evidence.testOutput ?? before.testOutput;
    data.evidence = { links, ...(testOutput !== undefined && { testOutput }) };
  }
  if (Object.keys(data).length > 0) await tx.claim.update({ where: { id: claimId }, data });
}

/** Appends a progress report to the attempt, numbered after the last (the item lock serializes reports). */
export async function addAttemptProgress(
  tx: Tx,
  claimId: string,
  report: { percent: number; stage: string; message?: string | undefined; at: Date },
): Promise<void> {
  const last = await tx.claimProgress.findFirst({ where: { claimId }, orderBy: { number: 'desc' }, select: { number: true } });
  await tx.claimProgress.create({
    data: { claimId, number: (last?.number ?? 0) + 1, percent: report.percent, stage: report.stage, message: report.message ?? null, createdAt: report.at },
  });
}
