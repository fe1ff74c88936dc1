import { z } from 'zod';

// Mirrors the enums of prisma/schema.prisma; a test checks the two stay identical.
export const MemberRole = z.enum(['owner', 'admin', 'manager', 'developer', 'viewer']);
export type MemberRole = z.infer<typeof MemberRole>;
export const ApiKeyRole = z.enum(['agent', 'ci', 'webhook']);
export type ApiKeyRole = z.infer<typeof ApiKeyRole>;
export const ApiScope = z.enum(['read', 'write', 'admin']);
export type ApiScope = z.infer<typeof ApiScope>;
export const ItemType = z.enum(['bug', 'feature', 'task']);
export type ItemType = z.infer<typeof ItemType>;
/** `triage`: a visitor's idea nobody has accepted yet; no queue, plan, board column or agent context offers it. */
export const ItemStatus = z.enum(['open', 'in_progress', 'done', 'closed', 'wont_fix', 'triage']);
export type ItemStatus = z.infer<typeof ItemStatus>;
/** What the public roadmap says of an item (the words Canny and Fider users know); see core/public/public-status.ts. */
export const PublicStatus = z.enum(['under_review', 'planned', 'in_progress', 'done', 'declined', 'duplicate']);
export type PublicStatus = z.infer<typeof PublicStatus>;
export const ItemPriority = z.enum(['critical', 'high', 'medium', 'low']);
export type ItemPriority = z.infer<typeof ItemPriority>;
export const Visibility = z.enum(['internal', 'public']);
export type Visibility = z.infer<typeof Visibility>;
export const ItemSource = z.enum(['internal', 'user_submitted', 'auto_detected']);
export type ItemSource = z.infer<typeof ItemSource>;
/** What an item's estimate (and a sprint's capacity) counts in a product; see estimate-unit.ts for how it reads. */
export const EstimateUnit = z.enum(['points', 'hours']);
export type EstimateUnit = z.infer<typeof EstimateUnit>;
export const LinkType = z.enum(['blocks', 'relates_to', 'duplicate_of']);
export type LinkType = z.infer<typeof LinkType>;

/** Most urgent first: the order used for sorting and for `priority:>=high` comparisons. */
export const PRIORITY_RANK: Record<ItemPriority, number> = { critical: 4, high: 3, medium: 2, low: 1 };
/** Statuses in which work is finished; `is:open` is the complement. */
export const FINISHED_STATUSES: readonly ItemStatus[] = ['done', 'closed', 'wont_fix'];

/**
 * The one status transition table (core enforces it; the web app offers only these moves). Reopening is always
 * possible; done can still be closed. Triage is left by a decision only (accept: open, decline: wont_fix, merge:
 * closed), and nothing moves into it: only a visitor's new idea starts there.
 */
export const ITEM_TRANSITIONS: Record<ItemStatus, readonly ItemStatus[]> = {
  open: ['in_progress', 'done', 'closed', 'wont_fix'],
  in_progress: ['open', 'done', 'closed', 'wont_fix'],
  done: ['open', 'closed'],
  closed: ['open'],
  wont_fix: ['open'],
  triage: ['open', 'wont_fix', 'closed'],
};
