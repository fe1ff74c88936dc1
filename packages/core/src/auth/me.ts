import type { Me } from '@baton/contracts';
import type { Deps } from '../deps.ts';

/** The signed-in user with their organizations, roles and products (product selection by membership). */
export async function getMe(deps: Deps, userId: string): Promise<Me> {
  const u = await deps.db.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      id: true, email: true, name: true, totpEnabledAt: true,
      memberships: {
        orderBy: { createdAt: 'asc' },
        select: { role: true, organization: { select: { id: true, name: true, products: { select: { id: true, key: true, name: true, formerKeys: true, archivedAt: true, estimateUnit: true }, orderBy: { key: 'asc' } } } } },
      },
    },
  });
  return {
    id: u.id, email: u.email, name: u.name, mfaEnabled: u.totpEnabledAt !== null,
    memberships: u.memberships.map((m) => ({ organizationId: m.organization.id, organizationName: m.organization.name, role: m.role, products: m.organization.products })),
  };
}
