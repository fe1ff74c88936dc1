import type { Deps } from '../deps.ts';

/**
 * Changes whenever any item of the product is written: every write (votes, soft deletes included) bumps the
 * item's updatedAt, so the newest one names the product's state. One index lookup on (productId, updatedAt);
 * the in-memory roadmap snapshot and similarity index compare it to know when to rebuild.
 */
export async function itemsSignature(deps: Pick<Deps, 'db'>, productId: string): Promise<string> {
  const last = await deps.db.item.findFirst({
    where: { productId },
    orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
    select: { id: true, updatedAt: true },
  });
  return last ? `${last.id}:${last.updatedAt.getTime()}` : 'empty';
}
