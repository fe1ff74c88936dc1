import type { MemberRole } from '@baton/contracts';
import { changingAccess } from '../access/access-cache.ts';
import { requireOrgRole } from '../access/product-access.ts';
import { mayGrantRole } from '../access/roles.ts';
import type { Ctx } from '../deps.ts';
import { DomainError, notFound } from '../errors.ts';
import { afterCursor, mappedPage } from '../pagination.ts';

const select = { id: true, role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } } as const;

export async function listMembers(ctx: Ctx, input: { organizationId: string; cursor?: string; limit?: number }) {
  await requireOrgRole(ctx, input.organizationId, 'read');
  const limit = input.limit ?? 100;
  const rows = await ctx.db.membership.findMany({
    where: { organizationId: input.organizationId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: limit + 1,
    ...afterCursor(input.cursor),
    select,
  });
  return mappedPage(rows, limit, (m) => ({ membershipId: m.id, role: m.role, joinedAt: m.createdAt, ...m.user }));
}

/**
 * Changes a member's role. Nobody grants a role above their own or changes someone ranked above them, and the
 * last owner can be neither demoted nor removed (checked in the same transaction as the write).
 */
export async function setMemberRole(ctx: Ctx, input: { organizationId: string; userId: string; role: MemberRole }) {
  const myRole = await requireOrgRole(ctx, input.organizationId, 'manage_members');
  if (!mayGrantRole(myRole, input.role)) throw new DomainError('FORBIDDEN', `You cannot grant ${input.role}, which is above your role (${myRole})`);
  return changingAccess(ctx, ctx.db.$transaction(async (tx) => {
    const target = await tx.membership.findUnique({ where: { userId_organizationId: { userId: input.userId, organizationId: input.organizationId } } });
    if (!target) throw notFound('Member');
    if (!mayGrantRole(myRole, target.role)) throw new DomainError('FORBIDDEN', `You cannot change a member whose role (${target.role}) is above yours`);
    if (target.role === 'owner' && input.role !== 'owner') await assertAnotherOwner(tx, input.organizationId);
    const m = await tx.membership.update({ where: { id: target.id }, data: { role: input.role }, select });
    return { membershipId: m.id, role: m.role, joinedAt: m.createdAt, ...m.user };
  }));
}

export async function removeMember(ctx: Ctx, input: { organizationId: string; userId: string }) {
  const myRole = await requireOrgRole(ctx, input.organizationId, 'manage_members');
  return changingAccess(ctx, ctx.db.$transaction(async (tx) => {
    const target = await tx.membership.findUnique({ where: { userId_organizationId: { userId: input.userId, organizationId: input.organizationId } } });
    if (!target) throw notFound('Member');
    if (!mayGrantRole(myRole, target.role)) throw new DomainError('FORBIDDEN', `You cannot remove a member whose role (${target.role}) is above yours`);
    if (target.role === 'owner') await assertAnotherOwner(tx, input.organizationId);
    await tx.membership.delete({ where: { id: target.id } });
    return { ok: true as const };
  }));
}

async function assertAnotherOwner(tx: Parameters<Parameters<Ctx['db']['$transaction']>[0]>[0], organizationId: string) {
  // lock the owners first: two admins demoting two different owners at once must not both see "another owner"
  await tx.$queryRaw`SELECT 1 FROM "Membership" WHERE "organizationId" = ${organizationId} AND "role" = 'owner' FOR UPDATE`;
  const owners = await tx.membership.count({ where: { organizationId, role: 'owner' } });
  if (owners <= 1) throw new DomainError('CONFLICT', 'The last owner cannot be removed or demoted; make someone else owner first');
}
