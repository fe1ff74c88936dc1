import { z } from 'zod';
import { Id } from './common.ts';
import { LIMITS } from './limits.ts';
import { ItemGrouping } from './saved-views.ts';
import { line } from './text.ts';

/** How many items a query finds in all (not just the page shown), and per group when the list is grouped. */
export const ItemCountsInput = z.strictObject({
  productId: Id,
  query: line().max(LIMITS.query, `is longer than ${LIMITS.query} characters`),
  groupBy: ItemGrouping.optional(),
});
export type ItemCountsInput = z.input<typeof ItemCountsInput>;

/**
 * `value` is the group's status or priority, the assignee's user or agent id, the label's or milestone's id, or
 * null for "none" (unassigned, no label, no milestone). An item with two labels counts in both label groups.
 */
export const ItemCounts = z.object({
  total: z.number().int(),
  groups: z.array(z.object({ value: z.string().nullable(), count: z.number().int() })),
});
export type ItemCounts = z.infer<typeof ItemCounts>;
