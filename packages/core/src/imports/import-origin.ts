import type { ImportFormat, ImportOrigin, ItemRef } from '@baton/contracts';
import type { Ctx } from '../deps.ts';
import { resolveItem } from '../items/resolve-item.ts';

/** Where an item came from (the tool, the original's id and address), for its page's link back; null for items made here. */
export async function importOrigin(ctx: Ctx, input: ItemRef): Promise<ImportOrigin> {
  const { id } = await resolveItem(ctx, input, 'read');
  const row = await ctx.db.importedItem.findUnique({ where: { itemId: id }, select: { source: true, externalId: true, url: true } });
  return row ? { source: row.source as ImportFormat, externalId: row.externalId, url: row.url } : null;
}
