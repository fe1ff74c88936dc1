import { CreateInvitationInput, type CreatedInvitation, type Invitation } from '@baton/contracts';
import type { z } from 'zod';
import { requireOrgRole } from '../access/product-access.ts';
import { mayGrantRole } from '../access/roles.ts';
import { hashToken, randomToken } from '../auth/tokens.ts';
import type { Ctx } from '../deps.ts';
import { DomainError, notFound } from '../errors.ts';
import { afterCursor, pageOf } from '../pagination.ts';

const DAY = 86_400_000;
/** The accept page (web/src/routes/invite/[token]). */
export const invitationPath = (token: string) => `/invite/${token}`;

export const invitationSelect = {
  id: true,
  organizationId: true,
  email: true,
  role: true,
  expiresAt: true,
  createdAt: true,
  invitedBy: { select: { id: true, name: true } },
} as const;

/**
 * Invites someone by email with a one-time link (admins and owners). Nobody invites above their own role. The
 * token is returned once; only its SHA-256 is stored. A new invitation for the same email replaces a pending one.
 */
export async function createInvitation(ctx: Ctx, raw: z.input<typeof CreateInvitationInput>): Promise<CreatedInvitation> {
  const input = CreateInvitationInput.parse(raw);
  const myRole = await requireOrgRole(ctx, input.organizationId, 'manage_members');
  if (!mayGrantRole(myRole, input.role)) {
    throw new DomainError('FORBIDDEN', `You cannot invite someone as ${input.role}, which is above your role (${myRole})`, {
      issues: [{ path: ['role'], message: `is above your own role (${myRole})` }],
    });
  }
  const p = ctx.principal as Extract<Ctx['principal'], { kind: 'user' }>;
  const member = await ctx.db.membership.findFirst({ where: { organizationId: input.organizationId, user: { email: input.email } }, select: { id: true } });
  if (member) throw new DomainError('CONFLICT', `${input.email} is already a member`, { issues: [{ path: ['email'], message: 'is already a member' }] });
  const token = randomToken(32);
  const now = ctx.clock();
  const invitation = await ctx.db.$transaction(async (tx) => {
    await tx.invitation.deleteMany({ where: { organizationId: input.organizationId, email: input.email, acceptedAt: null } });
    return tx.invitation.create({
      data: {
        organizationId: input.organizationId,
        email: input.email,
        role: input.role,
        tokenHash: hashToken(token),
        invitedById: p.userId,
        expiresAt: new Date(now.getTime() + input.expiresInDays * DAY),
      },
      select: invitationSelect,
    });
  });
  return { invitation, token, path: invitationPath(token) };
}

/** Pending invitations (not accepted, not expired), newest first, a page at a time. */
export async function listInvitations(ctx: Ctx, input: { organizationId: string; cursor?: string; limit?: number }): Promise<{ items: Invitation[]; nextCursor: string | null }> {
  await requireOrgRole(ctx, input.organizationId, 'manage_members');
  const limit = input.limit ?? 50;
  const rows = await ctx.db.invitation.findMany({
    where: { organizationId: input.organizationId, acceptedAt: null, expiresAt: { gt: ctx.clock() } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    ...afterCursor(input.cursor),
    select: invitationSelect,
  });
  const page = pageOf(rows, limit);
  return { items: page.rows, nextCursor: page.nextCursor };
}

/** Revoking deletes the invitation: its link then answers like an unknown one. */
export async function revokeInvitation(ctx: Ctx, input: { organizationId: string; invitationId: string }): Promise<{ ok: true }> {
  await requireOrgRole(ctx, input.organizationId, 'manage_members');
  const { count } = await ctx.db.invitation.deleteMany({ where: { id: input.invitationId, organizationId: input.organizationId, acceptedAt: null } });
  if (!count) throw notFound('Invitation');
  return { ok: true };
}
