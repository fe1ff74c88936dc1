import type { Tx } from '../deps.ts';
import { badField as bad } from '../errors.ts';

type Refs = { assigneeUserId?: string | null; milestoneId?: string | null; sprintId?: string | null; parentId?: string | null };

/** References set on an item must point inside the same product (or its organization, for people). */
export async function validateItemRefs(tx: Tx, product: { id: string; organizationId: string }, refs: Refs, itemId?: string): Promise<void> {
  if (refs.assigneeUserId) {
    const m = await tx.membership.findUnique({
      where: { userId_organizationId: { userId: refs.assigneeUserId, organizationId: product.organizationId } },
      select: { id: true },
    });
    if (!m) throw bad('assigneeUserId', 'is not a member of this organization');
  }
  if (refs.milestoneId) {
    const m = await tx.milestone.findFirst({ where: { id: refs.milestoneId, productId: product.id }, select: { id: true } });
    if (!m) throw bad('milestoneId', 'is not a milestone of this product');
  }
  if (refs.sprintId) {
    const s = await tx.sprint.findFirst({ where: { id: refs.sprintId, productId: product.id }, select: { closedAt: true } });
    if (!s) throw bad('sprintId', 'is not a sprint of this product');
    // a closed sprint's points are its velocity: planning more into it would rewrite history
    if (s.closedAt) throw bad('sprintId', 'is a closed sprint');
  }
  if (refs.parentId) {
    if (refs.parentId === itemId) throw bad('parentId', 'an item cannot be its own parent');
    // walk up: the new parent must not be a descendant of this item
    let cursor: string | null = refs.parentId;
    for (let depth = 0; cursor; depth++) {
      const p: { id: string; productId: string; parentId: string | null; deletedAt: Date | null } | null = await tx.item.findUnique({
        where: { id: cursor },
        select: { id: true, productId: true, parentId: true, deletedAt: true },
      });
      if (!p || p.productId !== product.id || p.deletedAt) throw bad('parentId', 'is not an item of this product');
      if (itemId && p.parentId === itemId) throw bad('parentId', 'would make a cycle of parents');
      if (depth > 50) throw bad('parentId', 'nesting is deeper than 50 levels');
      cursor = p.parentId;
    }
  }
}
