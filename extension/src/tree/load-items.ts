import { BatonError, type AgentClient } from '@baton/client';
import type { ActiveClaim, ItemSummary } from '@baton/contracts';

/** The most a view loads: enough for anyone's list, bounded so a huge query cannot stall the editor. */
const MAX_VIEW_ITEMS = 500;

/** Pages through a cursor-paginated call until `max` items or the end. */
export async function collectPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
  max = MAX_VIEW_ITEMS,
): Promise<{ items: T[]; truncated: boolean }> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    if (!page.nextCursor) return { items: items.slice(0, max), truncated: items.length > max };
    if (items.length >= max) return { items: items.slice(0, max), truncated: true };
    cursor = page.nextCursor;
  }
}

export const searchAll = (api: AgentClient, query: string, max = MAX_VIEW_ITEMS) =>
  collectPages((cursor) => api.trpc.items.search.query({ productId: api.productId, query, cursor, limit: 100 }), max);

/**
 * Active claims for a list of items, 100 ids per call (the server's bound), calls in parallel. Claims decorate the
 * rows: an item deleted since the list was read (NOT_FOUND) drops the claim marks of its chunk, not the view.
 */
export async function activeClaims(api: AgentClient, items: readonly ItemSummary[]): Promise<Map<string, ActiveClaim>> {
  const ids = items.map((i) => i.id);
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += 100) chunks.push(ids.slice(i, i + 100));
  const pages = await Promise.all(
    chunks.map((itemIds) =>
      api.trpc.claims.active.query({ productId: api.productId, itemIds }).catch((e: unknown) => {
        if (BatonError.from(e).code === 'NOT_FOUND') return [];
        throw e;
      }),
    ),
  );
  return new Map(pages.flat().map((c) => [c.itemId, c]));
}
