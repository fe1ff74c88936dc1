import type { Tx } from '../deps.ts';

/**
 * Row locks for read-then-write steps that a conditional UPDATE cannot express (next checklist position,
 * cycle checks over the blocks graph). Held until the transaction ends; PGlite serializes anyway.
 * FOR NO KEY UPDATE, not FOR UPDATE: inserting rows that reference the locked row (activity events, links,
 * claims) takes a KEY SHARE lock on it, which FOR UPDATE would block; two writers crossing an item lock and a
 * product lock would then deadlock. NO KEY UPDATE still serializes the writers that take it.
 */
export async function lockItem(tx: Tx, itemId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM "Item" WHERE "id" = ${itemId} FOR NO KEY UPDATE`;
}

/** Serializes writes to a product's dependency graph, so two links cannot together close a cycle. */
export async function lockProduct(tx: Tx, productId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM "Product" WHERE "id" = ${productId} FOR NO KEY UPDATE`;
}
