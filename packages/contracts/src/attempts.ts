import { z } from 'zod';
import { AgentIdentity } from './agent-identity.ts';
import { AgentMetadata, Evidence, Usage } from './agents.ts';
import { Actor, Cursor, Limit, page } from './common.ts';
import { ItemRef } from './items.ts';

/**
 * How an attempt (a claim) ended: finished as done, given back by its holder (`released`, with the reason),
 * run out (`expired`, also a lease past its time not yet swept), or ended by someone else (`lost`: another person
 * moved or deleted the item). `active` while the lease runs.
 */
export const AttemptOutcome = z.enum(['active', 'completed', 'released', 'expired', 'lost']);
export type AttemptOutcome = z.infer<typeof AttemptOutcome>;

export const AttemptProgress = z.object({
  number: z.number().int(),
  percent: z.number().int(),
  stage: z.string(),
  message: z.string().nullable(),
  at: z.date(),
});
export type AttemptProgress = z.infer<typeof AttemptProgress>;

/** How many progress reports an attempt shows (its latest); `progressCount` says how many it had. */
export const ATTEMPT_PROGRESS_SHOWN = 50;

export const Attempt = z.object({
  id: z.string(),
  /** the claim's fencing token: attempts of an item are numbered by it, in order */
  number: z.number().int(),
  holder: Actor.nullable(),
  agent: AgentIdentity.nullable(),
  startedAt: z.date(),
  lastHeartbeatAt: z.date(),
  leaseExpiresAt: z.date(),
  endedAt: z.date().nullable(),
  outcome: AttemptOutcome,
  /** the release reason, or what ended it (`item moved to done`) */
  endNote: z.string().nullable(),
  progress: z.array(AttemptProgress),
  progressCount: z.number().int(),
  evidence: Evidence.nullable(),
  pullRequests: z.array(z.object({ url: z.string(), number: z.number().int().nullable(), title: z.string().nullable(), status: z.string() })),
  usage: Usage.nullable(),
  metadata: AgentMetadata.nullable(),
});
export type Attempt = z.infer<typeof Attempt>;

/** Sums over every attempt of the item (not only the page); cost per currency, never converted. */
export const AttemptTotals = z.object({
  attempts: z.number().int(),
  completed: z.number().int(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  wallSeconds: z.number(),
  cost: z.array(z.object({ currency: z.string(), amount: z.number() })),
});
export type AttemptTotals = z.infer<typeof AttemptTotals>;

export const AttemptsInput = ItemRef.extend({ cursor: Cursor, limit: Limit });
export const AttemptsPage = page(Attempt).extend({ totals: AttemptTotals });
export type AttemptsPage = z.infer<typeof AttemptsPage>;
