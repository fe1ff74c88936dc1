import { z } from 'zod';
import { line, text, token } from './text.ts';
import { Cursor, Email, Id, ItemKey, ProductKey } from './common.ts';
import { ItemType, PublicStatus } from './enums.ts';
import { ItemRef, ItemSummary } from './items.ts';
import { LIMITS } from './limits.ts';

/** Per-product settings of the public roadmap (stored in Product.publicSettings). */
export const PublicSettings = z.object({
  enabled: z.boolean().default(false),
  types: z.array(ItemType).min(1, 'needs at least one type').default(['feature', 'bug']),
  voteLimit: z.number().int().min(1, 'must be at least 1').max(1000, 'must be at most 1000').default(10),
  publicComments: z.boolean().default(false),
});
export type PublicSettings = z.infer<typeof PublicSettings>;
export const UpdatePublicSettingsInput = z.strictObject({ ...PublicSettings.partial().shape, productId: Id });


export const PublicItem = z.object({
  key: z.string(),
  number: z.number().int(),
  type: ItemType,
  status: PublicStatus,
  title: z.string(),
  voteCount: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type PublicItem = z.infer<typeof PublicItem>;

export const PublicComment = z.object({ id: z.string(), author: z.string(), body: z.string(), createdAt: z.date() });
export type PublicComment = z.infer<typeof PublicComment>;

export const PublicItemDetail = PublicItem.extend({
  /** markdown as written; pages render it sanitized */
  description: z.string(),
  release: z.object({ name: z.string(), publishedAt: z.date() }).nullable(),
  comments: z.array(PublicComment),
  voted: z.boolean(),
});
export type PublicItemDetail = z.infer<typeof PublicItemDetail>;

export const PublicProduct = z.object({
  key: z.string(),
  name: z.string(),
  types: z.array(ItemType),
  voteLimit: z.number().int(),
  publicComments: z.boolean(),
});
export type PublicProduct = z.infer<typeof PublicProduct>;

export const RoadmapStats = z.object({
  total: z.number().int(),
  votes: z.number().int(),
  inProgress: z.number().int(),
  completed: z.number().int(),
});
export type RoadmapStats = z.infer<typeof RoadmapStats>;

const publicText = line().max(LIMITS.shortText);
/** A voter's credential: the cookie set when they confirmed their email (see core/public/voter-token.ts). */
export const VoterToken = token().min(20).max(100);

export const RoadmapSort = z.enum(['votes', 'recent']);
export const RoadmapInput = z.strictObject({
  productKey: ProductKey,
  q: publicText.optional(),
  type: ItemType.optional(),
  status: PublicStatus.optional(),
  sort: RoadmapSort.default('votes'),
  cursor: Cursor,
  limit: z.number().int().min(1).max(100).default(50),
  voterToken: VoterToken.optional(),
});
export const RoadmapPage = z.object({
  product: PublicProduct,
  stats: RoadmapStats,
  items: z.array(PublicItem),
  nextCursor: z.string().nullable(),
  /** numbers of the listed items the visitor (voterToken) voted for */
  voted: z.array(z.number().int()),
});
export type RoadmapPage = z.infer<typeof RoadmapPage>;

export const BoardInput = RoadmapInput.omit({ status: true, cursor: true, limit: true }).extend({
  perColumn: z.number().int().min(1).max(100).default(30),
});
export const BoardColumn = z.object({ status: PublicStatus, total: z.number().int(), items: z.array(PublicItem) });
export const Board = z.object({
  product: PublicProduct,
  stats: RoadmapStats,
  columns: z.array(BoardColumn),
  voted: z.array(z.number().int()),
});
export type Board = z.infer<typeof Board>;

/** `/roadmap/BAT/42` or `/roadmap/BAT/BAT-42`: the number, or the whole key. */
export const PublicItemRef = z.strictObject({ productKey: ProductKey, ref: z.union([ItemKey, z.coerce.number().int().min(1).max(999_999_999)]) });
export const PublicItemInput = PublicItemRef.extend({ voterToken: VoterToken.optional() });

export const Challenge = z.object({
  algorithm: z.literal('SHA-256'),
  challenge: z.string(),
  maxnumber: z.number().int(),
  salt: z.string(),
  signature: z.string(),
});
export type Challenge = z.infer<typeof Challenge>;
/** base64 JSON of { algorithm, challenge, number, salt, signature } (the ALTCHA payload format) */
export const ChallengeSolution = token().min(1, 'solve the challenge first').max(2000);

export const SubmitIdeaInput = z.strictObject({
  productKey: ProductKey,
  name: line().min(1, 'is required').max(100, 'is longer than 100 characters'),
  email: Email,
  type: ItemType,
  title: line().min(3, 'is shorter than 3 characters').max(LIMITS.title, `is longer than ${LIMITS.title} characters`),
  description: text().trim().max(5000, 'is longer than 5000 characters').default(''),
  solution: ChallengeSolution,
});
export const SubmitIdeaResult = z.object({ token: z.string() });

export const VoteInput = PublicItemRef.extend({ email: Email.optional(), voterToken: VoterToken.optional() }).refine(
  (v) => v.email || v.voterToken,
  {
    message: 'is required',
    path: ['email'],
  },
);
export const VoteResult = z.object({
  /** counted: the vote is in; pending: it counts once the email is confirmed (a link was sent) */
  state: z.enum(['counted', 'pending', 'already']),
  voteCount: z.number().int(),
});
export type VoteResult = z.infer<typeof VoteResult>;
export const UnvoteInput = PublicItemRef.extend({ voterToken: VoterToken });

export const VerifyEmailResult = z.object({ email: z.string(), voterToken: z.string(), counted: z.number().int() });

export const SimilarInput = z.strictObject({ productKey: ProductKey, text: text().max(5000) });
export const SimilarItem = z.object({
  key: z.string(),
  number: z.number().int(),
  title: z.string(),
  status: PublicStatus,
  voteCount: z.number().int(),
  score: z.number(),
});
export type SimilarItem = z.infer<typeof SimilarItem>;

export const SubmissionState = z.enum(['pending', 'accepted', 'merged', 'declined']);
export type SubmissionState = z.infer<typeof SubmissionState>;
export const SubmissionStatus = z.object({
  product: z.object({ key: z.string(), name: z.string() }),
  title: z.string(),
  description: z.string(),
  type: ItemType,
  state: SubmissionState,
  status: PublicStatus,
  publicReason: z.string().nullable(),
  /** the public item to follow: this idea once accepted, or the one it was merged into */
  item: z.object({ key: z.string(), number: z.number().int(), title: z.string(), isPublic: z.boolean() }).nullable(),
  history: z.array(z.object({ at: z.date(), label: z.string() })),
  createdAt: z.date(),
});
export type SubmissionStatus = z.infer<typeof SubmissionStatus>;

export const ChangelogInput = z.strictObject({ productKey: ProductKey, cursor: Cursor, limit: z.number().int().min(1).max(50).default(20) });
export const ChangelogEntry = z.object({
  id: z.string(),
  name: z.string(),
  notes: z.string(),
  publishedAt: z.date(),
  items: z.array(z.object({ key: z.string(), number: z.number().int(), title: z.string(), type: ItemType, isPublic: z.boolean() })),
});
export type ChangelogEntry = z.infer<typeof ChangelogEntry>;
export const Changelog = z.object({ product: PublicProduct, releases: z.array(ChangelogEntry), nextCursor: z.string().nullable() });
export type Changelog = z.infer<typeof Changelog>;

// Team side: the triage inbox.
export const TriageEntry = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  createdAt: z.date(),
  item: ItemSummary.extend({ description: z.string() }),
  similar: z.array(SimilarItem),
});
export type TriageEntry = z.infer<typeof TriageEntry>;
export const TriageListInput = z.strictObject({ productId: Id, cursor: Cursor, limit: z.number().int().min(1).max(50).default(20) });
export const TriagePage = z.object({ items: z.array(TriageEntry), nextCursor: z.string().nullable() });
export const TriageAcceptInput = z.strictObject({ productId: Id, submissionId: Id, makePublic: z.boolean().default(true) });
export const TriageMergeInput = z.strictObject({
  productId: Id,
  submissionId: Id,
  into: z.union([ItemKey, Id]),
  publicReason: line().max(1000).optional(),
});
export const TriageDeclineInput = z.strictObject({
  productId: Id,
  submissionId: Id,
  publicReason: line().min(1, 'is required').max(1000, 'is longer than 1000 characters'),
});
export const TriageResult = z.object({ id: z.string(), state: SubmissionState });

/** The team's public word on an item; null lets it follow the internal status again (core/public/public-status.ts). */
export const SetPublicStatusInput = ItemRef.extend({ publicStatus: PublicStatus.nullable() });
export const SetPublicStatusResult = z.object({
  key: z.string(),
  /** as set by the team */
  publicStatus: PublicStatus.nullable(),
  /** what the public sees now */
  shown: PublicStatus,
});
