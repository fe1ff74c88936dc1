import { z } from 'zod';
import { AgentIdentity } from './agent-identity.ts';
import { Actor, Cursor, Id, IsoDate, Limit, page, ProductKey } from './common.ts';
import { EstimateUnit, ItemPriority, ItemStatus, ItemType } from './enums.ts';
import { CreateItemInput, Item, ItemRef, ItemSummary, StateRef } from './items.ts';
import { LIMITS } from './limits.ts';
import { ClaimEndReason, EndedClaim } from './status-change.ts';
import { HttpUrl, jsonStorableCheck, line, text, token } from './text.ts';

/** Lease length bounds; a product's default lives in Product.claimTtlSeconds. */
export const TTL_BOUNDS = { min: 30, max: 86_400 } as const;
export const TtlSeconds = z
  .number()
  .int()
  .min(TTL_BOUNDS.min, `must be at least ${TTL_BOUNDS.min} seconds`)
  .max(TTL_BOUNDS.max, `must be at most ${TTL_BOUNDS.max} seconds`);

/** Sent on every write (agents, CLI): a retried call with the same key returns the first result and changes nothing. */
export const IdempotencyKey = token().min(8, 'must be at least 8 characters').max(128).regex(/^[\w.:-]+$/, 'may use letters, digits and . _ : -');

/** The holder's proof on writes to a claimed item: a stale token means the lease was lost. */
export const FencingToken = z.number().int().min(1);

export const Lease = z.object({
  claimId: z.string(),
  itemId: z.string(),
  itemKey: z.string(),
  holder: Actor,
  fencingToken: z.number().int(),
  leaseExpiresAt: z.date(),
});
export type Lease = z.infer<typeof Lease>;

/** Who holds an item now: what lists (the VS Code tree) show next to each item. */
export const ActiveClaim = z.object({
  itemId: z.string(),
  itemKey: z.string(),
  holder: Actor,
  leaseExpiresAt: z.date(),
  /** the claim or its latest heartbeat: long ago means a stale holder, even while the lease runs */
  lastHeartbeatAt: z.date(),
  agent: AgentIdentity.nullable(),
});
export type ActiveClaim = z.infer<typeof ActiveClaim>;
export const ActiveClaimsInput = z.strictObject({ productId: Id, itemIds: z.array(Id).max(100, 'may list at most 100 items') });

/** Free-form metadata agents attach to reports and progress; stored as JSON on the item (size-capped in core). */
export const AgentMetadata = z.record(token().max(64), z.unknown()).check(jsonStorableCheck);
export type AgentMetadata = z.infer<typeof AgentMetadata>;

/** What a run cost so far, as the agent counts it: recorded with its progress and in the item's activity. */
export const Usage = z.strictObject({
  inputTokens: z.number().int().min(0).optional().describe('model input tokens used so far in this run'),
  outputTokens: z.number().int().min(0).optional().describe('model output tokens used so far in this run'),
  cost: z
    .strictObject({
      amount: z.number().min(0).describe('the amount, e.g. 0.42'),
      currency: token()
        .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')
        .describe('ISO 4217 currency code, e.g. USD'),
    })
    .optional()
    .describe('what the run cost so far'),
  wallSeconds: z.number().min(0).optional().describe('wall-clock seconds the run has taken so far'),
  runId: token()
    .max(128)
    .regex(/^[\w.:-]+$/, 'may use letters, digits and . _ : -')
    .optional()
    .describe("the agent's own id of this run, to find its logs"),
});
export type Usage = z.infer<typeof Usage>;

export const ClaimInput = ItemRef.extend({
  ttlSeconds: TtlSeconds.optional(),
  takeOver: z
    .boolean()
    .optional()
    .describe("you already hold this item's claim (another window, a restarted process): take a new fencing token; the old one stops working"),
});
export const HeartbeatInput = ItemRef.extend({ fencingToken: FencingToken, ttlSeconds: TtlSeconds.optional() });
export const ReleaseInput = ItemRef.extend({
  fencingToken: FencingToken,
  reason: line().min(1).max(LIMITS.shortText),
  usage: Usage.optional().describe('tokens, cost, time and run id of the run, kept on the attempt'),
});

export const ClaimRecord = z.object({
  id: z.string(),
  holder: Actor.nullable(),
  fencingToken: z.number().int(),
  claimedAt: z.date(),
  leaseExpiresAt: z.date(),
  /** the claim or its latest heartbeat */
  lastHeartbeatAt: z.date(),
  endedAt: z.date().nullable(),
  endReason: ClaimEndReason.nullable(),
  endNote: z.string().nullable(),
  /** the agent that claimed, as its client said (the Baton-Agent header); null when it said nothing */
  agent: AgentIdentity.nullable(),
});
export type ClaimRecord = z.infer<typeof ClaimRecord>;

/** Filters of the ready queue (and takeNext): all optional, combined with AND. */
export const ReadyFilter = z.strictObject({
  productId: Id,
  label: z.array(line().max(LIMITS.labelName)).max(20).optional(),
  type: z.array(ItemType).optional(),
  priority: z.array(ItemPriority).optional(),
  milestoneId: Id.optional(),
  /** the query language, applied on top of the ready conditions */
  query: line().max(LIMITS.query).optional(),
  // by default an assigned item is in its assignee's queue only (docs/queue-and-leases.md)
  includeAssigned: z
    .boolean()
    .optional()
    .describe('also offer items assigned to someone else (a person or another agent); claiming one keeps its assignee'),
});
export type ReadyFilter = z.input<typeof ReadyFilter>;
export const ReadyInput = ReadyFilter.extend({ cursor: Cursor, limit: Limit });

export const ReadyItem = ItemSummary.extend({ reason: z.string() });
export type ReadyItem = z.infer<typeof ReadyItem>;
export const ReadyPage = page(ReadyItem);

export const Explanation = z.object({ ready: z.boolean(), reasons: z.array(z.string()) });
/** Why an item is (not) ready for the caller; `includeAssigned` as in the queue. */
export const ExplainInput = ItemRef.extend({ includeAssigned: ReadyFilter.shape.includeAssigned });
export type Explanation = z.infer<typeof Explanation>;

export const TakeNextInput = ReadyFilter.extend({ ttlSeconds: TtlSeconds.optional() });
/** Why takeNext chose this item: its place in the caller's ready queue when taken, and its ready reason. */
export const TakeNextWhy = z.object({
  rank: z.number().int().min(1),
  reason: z.string(),
});
export const TakeNextResult = z.object({ item: ItemSummary, lease: Lease, why: TakeNextWhy }).nullable();

export const Evidence = z.strictObject({
  links: z.array(HttpUrl).max(20).default([]),
  testOutput: text().max(LIMITS.description).optional(),
});
export const SetStatusInput = ItemRef.extend({
  status: StateRef,
  reason: line().max(LIMITS.shortText).optional(),
  evidence: Evidence.optional(),
  usage: Usage.optional().describe('tokens, cost, time and run id of the run, kept on the attempt'),
  expectedVersion: z.number().int().min(1).optional(),
  fencingToken: FencingToken.optional(),
});
/** What agent.setStatus did: the item after it, whether the status moved, and the claim it ended (if any). */
export const StatusChange = z.object({ item: Item, changed: z.boolean(), claimEnded: EndedClaim.nullable() });
export type StatusChange = z.infer<typeof StatusChange>;

export const PullRequestStatus = z.enum(['open', 'draft', 'merged', 'closed']);
export const LinkPrInput = ItemRef.extend({
  url: HttpUrl,
  number: z.number().int().min(1).optional(),
  title: line().max(LIMITS.title).optional(),
  // optional: left out keeps the stored status (a new link starts open), so a retried link never reopens a merged PR
  status: PullRequestStatus.optional(),
  branch: line().max(255).optional(),
  commitSha: token().regex(/^[0-9a-f]{7,64}$/i, 'must be a commit SHA').optional(),
  fencingToken: FencingToken.optional(),
});
export const PullRequest = z.object({
  id: z.string(),
  url: z.string(),
  number: z.number().int().nullable(),
  title: z.string().nullable(),
  status: z.string(),
  branch: z.string().nullable(),
  commitSha: z.string().nullable(),
  /** the latest CI result a forge reported for it (conclusion: success, failure, timed_out, ...); null before any */
  check: z.object({ name: z.string(), conclusion: z.string(), url: z.string().nullable() }).nullable(),
  updatedAt: z.date(),
});
export type PullRequest = z.infer<typeof PullRequest>;

export const ProgressInput = ItemRef.extend({
  percent: z.number().int().min(0).max(100).describe('how far the work is, 0-100'),
  stage: line().min(1).max(100).describe('what the agent is doing now, e.g. "writing tests"'),
  message: line().max(LIMITS.shortText).optional().describe('a sentence for people reading the attempt, e.g. "3 of 5 tests pass"'),
  metadata: AgentMetadata.optional().describe('free-form JSON kept with the progress (replaced by the next report)'),
  usage: Usage.optional().describe('tokens, cost, time and run id of the run so far, kept on the attempt'),
  fencingToken: FencingToken.optional(),
});

export const ContextInput = ItemRef.extend({ budget: z.number().int().min(200).max(200_000).default(8_000) });
export const ContextPack = z.object({
  markdown: z.string(),
  /** parts left out to fit the budget, least important first */
  omitted: z.array(z.string()),
  chars: z.number().int(),
});
export type ContextPack = z.infer<typeof ContextPack>;

/** Items changed after `since` (exclusive), oldest change first: for agents that poll. */
export const ChangedItemsInput = z.strictObject({
  productId: Id,
  since: IsoDate.optional(),
  assignee: z.enum(['me', 'anyone']).default('anyone'),
  label: z.array(line().max(LIMITS.labelName)).max(20).optional(),
  status: z.array(ItemStatus).optional(),
  cursor: Cursor,
  limit: Limit,
});

/** Live events for a product; resumable with the last event id (tracked SSE ids). */
export const ItemEventsInput = z.strictObject({
  productId: Id,
  itemId: Id.optional(),
  assigneeId: Id.optional(),
  label: line().max(LIMITS.labelName).optional(),
  lastEventId: token()
    .regex(/^\d{1,19}$/, 'must be an event id')
    .refine((s) => BigInt(s) <= 9_223_372_036_854_775_807n, 'must be an event id')
    .optional(),
});
export const ItemEventMessage = z.object({
  seq: z.string(),
  productId: z.string(),
  itemId: z.string().nullable(),
  action: z.string(),
  actorName: z.string(),
  at: z.date(),
});
export type ItemEventMessage = z.infer<typeof ItemEventMessage>;


/** An item filed by CI or an agent (`source: auto_detected`), with free metadata. */
export const ReportItemInput = CreateItemInput.extend({ metadata: AgentMetadata.optional() });
export type ReportItemInput = z.input<typeof ReportItemInput>;

/** A page of changed items plus the watermark to poll from next (`since`). */
export const ChangedItemsPage = page(ItemSummary).extend({ nextSince: z.date().nullable() });
export type ChangedItemsPage = z.infer<typeof ChangedItemsPage>;

/** Where an agent's work on an item stands (Item.agentMetadata.progress). */
export const AgentProgress = z.object({
  itemId: z.string(),
  percent: z.number().int(),
  stage: z.string(),
  message: z.string().nullable(),
  metadata: AgentMetadata.nullable(),
  usage: Usage.nullable(),
  at: z.date(),
  by: Actor,
});
export type AgentProgress = z.infer<typeof AgentProgress>;

/** A product; `archivedAt` is set while it is archived (read-only, hidden from lists; see products.archive). */
export const Product = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  organizationId: z.string(),
  claimTtlSeconds: z.number().int(),
  /** the lease of an API key's claim that names none (unless the key has its own); see docs/queue-and-leases.md */
  agentClaimTtlSeconds: z.number().int(),
  /** what item estimates and sprint capacity count in this product; see estimate-unit.ts */
  estimateUnit: EstimateUnit,
  archivedAt: z.date().nullable(),
});
export type Product = z.infer<typeof Product>;
/** A product by its id or its key (`BAT`, any case): every `productId` input accepts either. */
export const GetProductInput = z.strictObject({ productId: Id });
export type GetProductInput = z.infer<typeof GetProductInput>;
/**
 * Product settings; `claimTtlSeconds` is the lease a person's claim gets when the call names none,
 * `agentClaimTtlSeconds` an API key's (unless the key has its own). A new `key` renames every
 * item key (BAT-42 becomes NEW-42); the old key keeps resolving (see Product.formerKeys). `estimateUnit` changes
 * how estimates read, not their numbers.
 */
export const UpdateProductInput = z
  .strictObject({
    productId: Id,
    key: token().trim().toUpperCase().pipe(ProductKey).optional(),
    name: line().min(1, 'is required').max(100, 'is longer than 100 characters').optional(),
    claimTtlSeconds: TtlSeconds.optional(),
    agentClaimTtlSeconds: TtlSeconds.optional(),
    estimateUnit: z.enum(EstimateUnit.options, { error: 'must be points or hours' }).optional(),
  })
  .refine(
    (p) => Object.entries(p).some(([field, value]) => field !== 'productId' && value !== undefined),
    'has no fields to change',
  );
