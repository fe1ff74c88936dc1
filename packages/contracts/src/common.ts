import { z } from 'zod';
import { ITEM_KEY_PATTERN, ITEM_KEY_RULE, PRODUCT_KEY_PATTERN, PRODUCT_KEY_RULE } from './item-key.ts';

export const Id = z.string().min(1, 'is required').max(64, 'is too long');
/** Item keys such as BAT-42: product key (2-10 upper-case letters/digits) and number. */
export const ItemKey = z.string().regex(ITEM_KEY_PATTERN, ITEM_KEY_RULE);
export const ProductKey = z.string().regex(PRODUCT_KEY_PATTERN, PRODUCT_KEY_RULE);
export const Email = z.string().trim().toLowerCase().pipe(z.email('must be an email address').max(254));
export const Cursor = z.string().max(200).optional();
export const Limit = z.number().int().min(1).max(100).default(50);
/** A date PostgreSQL can store and people mean: years 1 to 9999 (forged extremes would fail in the database). */
export const IsoDate = z.coerce
  .date()
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
