import type { Actor, AgentIdentity, ClaimRecord, Lease } from '@baton/contracts';
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
  agentName: true,
  agentVersion: true,
  agentModel: true,
  lastHeartbeatAt: true,
  createdAt: true,
  holderUser: actorSelect,
  holderAgent: actorSelect,
} satisfies Prisma.ClaimSelect;

export type ClaimRow = Prisma.ClaimGetPayload<{ select: typeof claimSelect }>;

/** The holder columns of a claim (and the assignee columns of its item) for a principal; the other one is cleared. */
export function holderColumns(p: Principal) {
  return p.kind === 'user' ? { holderUserId: p.userId, holderAgentId: null } : { holderUserId: null, holderAgentId: p.apiKeyId };
}

/** The identity the client sent (Baton-Agent), as claim columns: recorded on the claim it takes. */
export function agentColumns(p: Principal) {
  return { agentName: p.client?.name ?? null, agentVersion: p.client?.version ?? null, agentModel: p.client?.model ?? null };
}

/** The recorded identity of a claim's agent, or null when its client said nothing. */
export function agentOf(row: { agentName: string | null; agentVersion: string | null; agentModel: string | null }): AgentIdentity | null {
  if (!row.agentName) return null;
  return { name: row.agentName, ...(row.agentVersion && { version: row.agentVersion }), ...(row.agentModel && { model: row.agentModel }) };
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
    lastHeartbeatAt: row.lastHeartbeatAt,
    endedAt: row.endedAt,
    endReason: row.endReason,
    endNote: row.endNote,
    agent: agentOf(row),
  };
}

export function principalActor(p: Principal): Actor {
  return p.kind === 'user' ? { kind: 'user', id: p.userId, name: p.name } : { kind: 'agent', id: p.apiKeyId, name: p.name };
}
