import type { ItemStatus, ItemType, PublicStatus, RoadmapStats } from '@baton/contracts';
import type { Deps } from '../deps.ts';
import { itemsSignature } from './items-signature.ts';

/**
 * A product's public items held in memory for the roadmap's reads: the board, its filters, search and stats
 * are answered from here instead of five queries per page view. It is rebuilt when any of the product's items
 * changed (see items-signature.ts; one index lookup per read), so it is never stale.
 */
export type SnapshotItem = {
  id: string;
  number: number;
  type: ItemType;
  status: ItemStatus;
  publicStatus: PublicStatus | null;
  title: string;
  voteCount: number;
  createdAt: Date;
  updatedAt: Date;
  /** lower-cased title and description, for search */
  text: string;
};
type Snapshot = { signature: string; items: SnapshotItem[] };
/** each snapshot's items in both orders, sorted once (filtering a sorted list keeps its order) */
const orders = new WeakMap<SnapshotItem[], Partial<Record<'votes' | 'recent', SnapshotItem[]>>>();

const cache = new Map<string, Snapshot>();
const building = new Map<string, Promise<Snapshot>>();
const MAX_CACHED = 50;

export async function publicSnapshot(deps: Pick<Deps, 'db'>, productId: string): Promise<SnapshotItem[]> {
  const signature = await itemsSignature(deps, productId);
  const hit = cache.get(productId);
  if (hit?.signature === signature) return hit.items;
  // concurrent page views of a changed board share one rebuild
  const key = `${productId}:${signature}`;
  let pending = building.get(key);
  if (!pending) {
    pending = (async () => {
      const rows = await deps.db.item.findMany({
        where: { productId, visibility: 'public', deletedAt: null, status: { not: 'triage' } },
        select: {
          id: true,
          number: true,
          type: true,
          status: true,
          publicStatus: true,
          title: true,
          description: true,
          voteCount: true,
          createdAt: true,
          updatedAt: true,
        },
      });
      const items = rows.map(({ description, ...r }) => ({ ...r, text: `${r.title}\n${description}`.toLowerCase() }));
      const snap = { signature, items };
      cache.delete(productId);
      if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
      cache.set(productId, snap);
      return snap;
    })().finally(() => building.delete(key));
    building.set(key, pending);
  }
  return (await pending).items;
}

export function statsOf(items: SnapshotItem[]): RoadmapStats {
  const stats = { total: items.length, votes: 0, inProgress: 0, completed: 0 };
  for (const i of items) {
    stats.votes += i.voteCount;
    if (i.status === 'in_progress') stats.inProgress += 1;
    if (i.status === 'done') stats.completed += 1;
  }
  return stats;
}

/** Most votes first (then newest), or newest first; the number breaks ties so pages never overlap. */
export function sortItems(items: SnapshotItem[], sort: 'votes' | 'recent'): SnapshotItem[] {
  const byRecent = (a: SnapshotItem, b: SnapshotItem) => b.createdAt.getTime() - a.createdAt.getTime() || b.number - a.number;
  return [...items].sort(sort === 'votes' ? (a, b) => b.voteCount - a.voteCount || byRecent(a, b) : byRecent);
}

/** A snapshot's items in `sort` order, computed once per snapshot. */
export function sortedSnapshot(items: SnapshotItem[], sort: 'votes' | 'recent'): SnapshotItem[] {
  const known = orders.get(items) ?? {};
  orders.set(items, known);
  return (known[sort] ??= sortItems(items, sort));
}
