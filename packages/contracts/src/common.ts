import { z } from 'zod';
import { ITEM_KEY_PATTERN, ITEM_KEY_RULE, PRODUCT_KEY_PATTERN, PRODUCT_KEY_RULE } from './item-key.ts';
import { token } from './text.ts';

export const Id = token().min(1, 'is required').max(64, 'is too long');
/** Item keys such as BAT-42: product key (2-10 upper-case letters/digits) and number. */
export const ItemKey = token().regex(ITEM_KEY_PATTERN, ITEM_KEY_RULE);
export const ProductKey = token().regex(PRODUCT_KEY_PATTERN, PRODUCT_KEY_RULE);
export const Email = token().trim().toLowerCase().pipe(z.email('must be an email address').max(254));
export const Cursor = token().max(200).optional();
export const Limit = z.number().int().min(1).max(100).default(50);
/** A date PostgreSQL can store and people mean: years 1 to 9999 (forged extremes would fail in the database). */
export const IsoDate = z.coerce
  .date({ error: 'must be an ISO 8601 date or date-time, such as 2026-05-01 or 2026-05-01T09:30:00Z' })
  .refine((d) => d.getUTCFullYear() >= 1 && d.getUTCFullYear() <= 9999, 'must be a date between the years 1 and 9999');

export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const Actor = z.object({
  kind: z.enum(['user', 'agent']),
  id: z.string(),
  name: z.string(),
});
export type Actor = z.infer<typeof Actor>;
