import { z } from 'zod';
import { Product } from './agents.ts';
import { Id, ProductKey } from './common.ts';
import { line, token } from './text.ts';

/** A key as people type it (`bat`, ` Bat `): trimmed and upper-cased, then held to the key format. */
export const ProductKeyInput = token().trim().toUpperCase().pipe(ProductKey);
export const ProductName = line().min(1, 'is required').max(100, 'is longer than 100 characters');
export const OrganizationName = line().min(1, 'is required').max(100, 'is longer than 100 characters');

export const Organization = z.object({ id: z.string(), name: z.string(), slug: z.string() });
export type Organization = z.infer<typeof Organization>;

/** An organization with its first product; the caller becomes its owner. */
export const CreateOrganizationInput = z.strictObject({
  name: OrganizationName,
  product: z.strictObject({ name: ProductName, key: ProductKeyInput }),
});
export type CreateOrganizationInput = z.infer<typeof CreateOrganizationInput>;
export const CreateOrganizationResult = z.object({ organization: Organization, product: Product });
export type CreateOrganizationResult = z.infer<typeof CreateOrganizationResult>;

/** Another product in an organization the caller owns or administers. */
export const CreateProductInput = z.strictObject({ organizationId: Id, name: ProductName, key: ProductKeyInput });
export type CreateProductInput = z.infer<typeof CreateProductInput>;

/** Archive or unarchive: the product alone. */
export const ProductIdInput = z.strictObject({ productId: Id });

export const ListProductsInput = z.strictObject({ includeArchived: z.boolean().default(false) }).optional();

/** Whether a key can be taken (format first, then no product anywhere on this server has it). */
export const KeyAvailabilityInput = z.strictObject({ key: token().max(100) });
export const KeyAvailability = z.object({ key: z.string(), available: z.boolean(), reason: z.string().nullable() });
export type KeyAvailability = z.infer<typeof KeyAvailability>;

export { suggestProductKey } from './product-key-suggestion.ts';
