import type { Ctx } from '../deps.ts';

/** Products the caller can reach: through memberships for people, the key's organization (and product) for agents. */
export async function listProducts(ctx: Ctx) {
  const p = ctx.principal;
  const where =
    p.kind === 'user'
      ? { organization: { memberships: { some: { userId: p.userId } } } }
      : { organizationId: p.organizationId, ...(p.productId && { id: p.productId }) };
  return ctx.db.product.findMany({ where, orderBy: { key: 'asc' }, take: 200, select: { id: true, key: true, name: true, organizationId: true, claimTtlSeconds: true } });
}
