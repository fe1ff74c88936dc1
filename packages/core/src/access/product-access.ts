import type { MemberRole } from '@baton/contracts';
import type { Ctx } from '../deps.ts';
import { DomainError, notFound } from '../errors.ts';
import { cached } from './access-cache.ts';
import { roleAllows, scopesAllow, type Permission } from './roles.ts';

export type ProductAccess = { product: { id: string; key: string; name: string; organizationId: string; archivedAt: Date | null }; role: MemberRole | null };

const PRODUCT = { id: true, key: true, name: true, organizationId: true, archivedAt: true } as const;

/**
 * The one gate every product-scoped core function passes. Products outside the caller's organizations answer
 * NOT_FOUND, exactly like missing ones, so ids do not leak across tenants. An archived product is read-only: any
 * other need answers PRODUCT_ARCHIVED (after the access checks, so outsiders learn nothing), except where
 * `allowArchived` says the call is about the archiving itself.
 */
export async function requireProductAccess(ctx: Ctx, productId: string, need: Permission, opts: { allowArchived?: boolean } = {}): Promise<ProductAccess> {
  const access = await checkProductAccess(ctx, productId, need);
  if (access.product.archivedAt && need !== 'read' && !opts.allowArchived) {
    throw new DomainError('PRODUCT_ARCHIVED', `${access.product.name} (${access.product.key}) is archived and read-only; an owner or admin can unarchive it in its settings`);
  }
  return access;
}

async function checkProductAccess(ctx: Ctx, productId: string, need: Permission): Promise<ProductAccess> {
  const p = ctx.principal;
  if (p.kind === 'agent') {
    const product = await cached(ctx, `product:${productId}`, () => ctx.db.product.findUnique({ where: { id: productId }, select: PRODUCT }));
    if (!product || p.organizationId !== product.organizationId || (p.productId && p.productId !== product.id)) throw notFound('Product');
    if (!scopesAllow(p.scopes, need)) throw new DomainError('FORBIDDEN', `This API key lacks the scope for ${need}`);
    return { product, role: null };
  }
  // one round trip: the product and the person's membership in its organization (a lateral join); only a
  // membership found is cached, so someone just added gets in on their next request
  const access = await cached(ctx, `product:${productId}:user:${p.userId}`, async () => {
    const row = await ctx.db.product.findUnique({
      where: { id: productId },
      select: { ...PRODUCT, organization: { select: { memberships: { where: { userId: p.userId }, select: { role: true } } } } },
    });
    const membership = row?.organization.memberships[0];
    if (!row || !membership) return null;
    const { organization: _, ...product } = row;
    return { product, role: membership.role };
  });
  if (!access) throw notFound('Product');
  if (!roleAllows(access.role, need)) {
    throw new DomainError('FORBIDDEN', `Your role (${access.role}) does not allow ${need.replace('_', ' ')}`);
  }
  return access;
}

/** Same gate for organization-level actions (members, API keys). */
export async function requireOrgRole(ctx: Ctx, organizationId: string, need: Permission): Promise<MemberRole> {
  const p = ctx.principal;
  if (p.kind !== 'user') throw new DomainError('FORBIDDEN', 'Only signed-in members can do this, not API keys');
  const membership = await ctx.db.membership.findUnique({
    where: { userId_organizationId: { userId: p.userId, organizationId } },
    select: { role: true },
  });
  if (!membership) throw notFound('Organization');
  if (!roleAllows(membership.role, need)) {
    throw new DomainError('FORBIDDEN', `Your role (${membership.role}) does not allow ${need.replace('_', ' ')}`);
  }
  return membership.role;
}
