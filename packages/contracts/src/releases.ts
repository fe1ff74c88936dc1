import { z } from 'zod';
import { line, text } from './text.ts';
import { Cursor, Id, Limit, page } from './common.ts';
import { ItemSummary } from './items.ts';
import { LIMITS } from './limits.ts';

const name = line().min(1, 'is required').max(LIMITS.title, `is longer than ${LIMITS.title} characters`);
const notes = text().max(LIMITS.description, `is longer than ${LIMITS.description} characters`);
const itemIds = z.array(Id).max(500, 'has more than 500 items');

export const ReleaseSummary = z.object({
  id: z.string(),
  productId: z.string(),
  name: z.string(),
  notes: z.string(),
  isPublic: z.boolean(),
  publishedAt: z.date().nullable(),
  itemCount: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type ReleaseSummary = z.infer<typeof ReleaseSummary>;

export const Release = ReleaseSummary.extend({ items: z.array(ItemSummary) });
export type Release = z.infer<typeof Release>;

export const ReleasePage = page(ReleaseSummary);
export type ReleasePage = z.infer<typeof ReleasePage>;

export const ListReleasesInput = z.strictObject({ productId: Id, cursor: Cursor, limit: Limit });
export const DraftNotesInput = z
  .strictObject({ productId: Id, milestoneId: Id.optional(), sprintId: Id.optional() })
  .refine((v) => !(v.milestoneId && v.sprintId), { message: 'give a milestone or a sprint, not both', path: ['sprintId'] });
export const ReleaseNotesDraft = z.object({ markdown: z.string(), items: z.array(ItemSummary) });
export type ReleaseNotesDraft = z.infer<typeof ReleaseNotesDraft>;

export const CreateReleaseInput = z.strictObject({
  productId: Id,
  name,
  notes: notes.default(''),
  itemIds: itemIds.default([]),
  isPublic: z.boolean().default(false),
  /** publish at once, in the same transaction: either a published release exists afterwards or nothing does */
  publish: z.boolean().default(false),
});
export const UpdateReleaseInput = z.strictObject({
  id: Id,
  name: name.optional(),
  notes: notes.optional(),
  isPublic: z.boolean().optional(),
  itemIds: itemIds.optional(),
});
