import type { Actor, ClaimRecord, Lease } from '@baton/contracts';
import type { Prisma } from '@baton/db';
import type { Principal } from '../deps.ts';

const actorSelect = { select: { id: true, name: true } } as const;

/** One explicit select for claims, shared by leases and the history. */
export const claimSelect = {
  id: true,
  itemId: true,
  holderUserId: true,
  holderAgentId: true,
  fencingToken: true,
  leaseExpiresAt: true,
  endedAt: true,
  endReason: true,
  endNote: true,
  assignedHolder: true,
  createdAt: true,
  holderUser: actorSelect,
  holderAgent: actorSelect,
} satisfies Prisma.ClaimSelect;

export type ClaimRow = Prisma.ClaimGetPayload<{ select: typeof claimSelect }>;

/** The holder columns of a claim (and the assignee columns of its item) for a principal; the other one is cleared. */
export function holderColumns(p: Principal) {
  return p.kind === 'user' ? { holderUserId: p.userId, holderAgentId: null } : { holderUserId: null, holderAgentId: p.apiKeyId };
}

export function isHeldBy(claim: { holderUserId: string | null; holderAgentId: string | null }, p: Principal): boolean {
  return p.kind === 'user' ? claim.holderUserId === p.userId : claim.holderAgentId === p.apiKeyId;
}

/** A lease is over once its expiry time is reached, whether or not anyone has ended the row yet. */
export const isExpired = (claim: { leaseExpiresAt: Date }, now: Date) => claim.leaseExpiresAt.getTime() <= now.getTime();

export function holderOf(row: ClaimRow): Actor | null {
  if (row.holderUser) return { kind: 'user', ...row.holderUser };
  if (row.holderAgent) return { kind: 'agent', ...row.holderAgent };
  return null;
}

export function toLease(row: ClaimRow, itemKey: string, holder: Actor): Lease {
  return { claimId: row.id, itemId: row.itemId, itemKey, holder, fencingToken: row.fencingToken, leaseExpiresAt: row.leaseExpiresAt };
}

export function toClaimRecord(row: ClaimRow): ClaimRecord {
  return {
    id: row.id,
    holder: holderOf(row),
    fencingToken: row.fencingToken,
    claimedAt: row.createdAt,
    leaseExpiresAt: row.leaseExpiresAt,
    endedAt: row.endedAt,
    endReason: row.endReason,
    endNote: row.endNote,
  };
}

export function principalActor(p: Principal): Actor {
  return p.kind === 'user' ? { kind: 'user', id: p.userId, name: p.name } : { kind: 'agent', id: p.apiKeyId, name: p.name };
}
