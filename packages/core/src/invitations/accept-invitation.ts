import { changingAccess } from '../access/access-cache.ts';
import type { AcceptedInvitation, InvitationPreview } from '@baton/contracts';
import { hashToken } from '../auth/tokens.ts';
import type { Ctx, Deps } from '../deps.ts';
import { DomainError, notFound } from '../errors.ts';

/** Unknown, revoked, used and expired links all answer the same way: there is nothing to learn from a guess. */
const gone = () => notFound('Invitation (the link is invalid, used or expired)');

/** What the accept page shows to anyone holding the link (signed in or not). */
export async function previewInvitation(deps: Deps, token: string): Promise<InvitationPreview> {
  const inv = await deps.db.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { email: true, role: true, expiresAt: true, acceptedAt: true, organization: { select: { name: true } }, invitedBy: { select: { name: true } } },
  });
  if (!inv || inv.acceptedAt || inv.expiresAt <= deps.clock()) throw gone();
  return { organizationName: inv.organization.name, email: inv.email, role: inv.role, invitedByName: inv.invitedBy.name, expiresAt: inv.expiresAt };
}

/**
 * Joins the signed-in person to the invitation's organization with its role. The link is for one email and is
 * used once: marking it accepted and creating the membership happen in one transaction, guarded by
 * `acceptedAt IS NULL`, so two racing accepts cannot both succeed.
 */
export async function acceptInvitation(ctx: Ctx, token: string): Promise<AcceptedInvitation> {
  const p = ctx.principal;
  if (p.kind !== 'user') throw new DomainError('FORBIDDEN', 'Only signed-in people can accept an invitation');
  const now = ctx.clock();
  return changingAccess(ctx, ctx.db.$transaction(async (tx) => {
    const inv = await tx.invitation.findUnique({ where: { tokenHash: hashToken(token) }, select: { id: true, organizationId: true, email: true, role: true, expiresAt: true, acceptedAt: true } });
    if (!inv || inv.acceptedAt || inv.expiresAt <= now) throw gone();
    const me = await tx.user.findUniqueOrThrow({ where: { id: p.userId }, select: { email: true } });
    if (me.email.toLowerCase() !== inv.email.toLowerCase()) {
      throw new DomainError('FORBIDDEN', `This invitation is for ${inv.email}; you are signed in as ${me.email}`);
    }
    const { count } = await tx.invitation.updateMany({ where: { id: inv.id, acceptedAt: null }, data: { acceptedAt: now } });
    if (!count) throw gone();
    const existing = await tx.membership.findUnique({ where: { userId_organizationId: { userId: p.userId, organizationId: inv.organizationId } }, select: { role: true } });
    // an existing member keeps their role: an invitation never demotes (nor silently promotes) anyone
    const role = existing?.role ?? (await tx.membership.create({ data: { userId: p.userId, organizationId: inv.organizationId, role: inv.role }, select: { role: true } })).role;
    const product = await tx.product.findFirst({ where: { organizationId: inv.organizationId }, orderBy: { key: 'asc' }, select: { key: true } });
    return { organizationId: inv.organizationId, role, productKey: product?.key ?? null };
  }));
}
