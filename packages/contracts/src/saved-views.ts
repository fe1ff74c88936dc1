import { z } from 'zod';
import { line } from './text.ts';
import { Cursor, Id, page } from './common.ts';
import { LIMITS } from './limits.ts';

/** How the items list can group its rows. */
export const ItemGrouping = z.enum(['assignee', 'label', 'milestone', 'priority', 'status']);
export type ItemGrouping = z.infer<typeof ItemGrouping>;

const name = line().min(1, 'is required').max(LIMITS.viewName, `is longer than ${LIMITS.viewName} characters`);
const query = line().max(LIMITS.query, `is longer than ${LIMITS.query} characters`);

/** A named items query: the caller's own, or one shared with every member of the product. */
export const SavedView = z.object({
  id: z.string(),
  productId: z.string(),
  name: z.string(),
  query: z.string(),
  groupBy: ItemGrouping.nullable(),
  shared: z.boolean(),
  pinned: z.boolean(),
  owner: z.object({ id: z.string(), name: z.string() }),
  /** whether the caller may rename, re-query, pin, share or delete it */
  canEdit: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type SavedView = z.infer<typeof SavedView>;

export const ListSavedViewsInput = z.strictObject({ productId: Id, cursor: Cursor, limit: z.number().int().min(1).max(100).default(100) });
export type ListSavedViewsInput = z.input<typeof ListSavedViewsInput>;
export const SavedViewPage = page(SavedView);

export const CreateSavedViewInput = z.strictObject({
  productId: Id,
  name,
  query,
  groupBy: ItemGrouping.nullable().default(null),
  shared: z.boolean().default(false),
  pinned: z.boolean().default(false),
});
export type CreateSavedViewInput = z.input<typeof CreateSavedViewInput>;

export const SavedViewRef = z.strictObject({ productId: Id, id: Id });
export type SavedViewRef = z.infer<typeof SavedViewRef>;

export const UpdateSavedViewInput = SavedViewRef.extend({
  patch: z
    .strictObject({ name, query, groupBy: ItemGrouping.nullable(), shared: z.boolean(), pinned: z.boolean() })
    .partial()
    .refine((p) => Object.keys(p).length > 0, 'has no fields to change'),
});
export type UpdateSavedViewInput = z.input<typeof UpdateSavedViewInput>;
