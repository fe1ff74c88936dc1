import { formatItemKey, type Lease } from '@baton/contracts';
import { asSystem, recordActivity, type ActivityInput } from '../activity/record-activity.ts';
import type { Ctx, Tx } from '../deps.ts';
import { DomainError, notFound } from '../errors.ts';
import type { ItemEvent } from '../events/bus.ts';
import { applyStatusMove } from '../items/status-move.ts';
import { claimConflict } from './claim-errors.ts';
import { agentColumns, claimSelect, holderColumns, isExpired, isHeldBy, principalActor, toLease, type ClaimRow } from './claim-select.ts';
import { claimAssignment, endClaim } from './end-claim.ts';
import { leaseDefaultsSelect, leaseExpiry } from './lease-ttl.ts';

type Emit = (events: ItemEvent[]) => void;
/** Extra readiness a caller insists on, checked under the row lock (takeNext: no unfinished blockers). */
type ReadyCheck = (tx: Tx, itemId: string) => Promise<boolean>;
type GrantOptions = {
  ttlSeconds?: number | undefined;
  /** the caller already holds the live claim: end it and issue a new token (its other holders' token goes stale) */
  takeOver?: boolean | undefined;
};

/**
 * Gives the caller the item's claim, inside the caller's transaction with the item row already locked: ends an
 * expired lease first (as the system), refuses a live one (CLAIM_CONFLICT, also to its own holder unless it takes
 * over: then the old claim ends and the token moves on, so whoever still holds the old token is LEASE_EXPIRED), finished
 * items (INVALID_TRANSITION), then hands out the next fencing token, assigns the caller if nobody is assigned (an
 * assignment a person made stays; see Claim.assignedHolder) and starts the work.
 * With `onlyIfReady` it answers null instead of refusing, and also when the item is not open or the check fails.
 */
export async function grantClaim(
  ctx: Ctx,
  tx: Tx,
  emit: Emit,
  itemId: string,
  opts: GrantOptions & { onlyIfReady: ReadyCheck },
): Promise<Lease | null>;
export async function grantClaim(ctx: Ctx, tx: Tx, emit: Emit, itemId: string, opts?: GrantOptions): Promise<Lease>;
export async function grantClaim(
  ctx: Ctx,
  tx: Tx,
  emit: Emit,
  itemId: string,
  opts: GrantOptions & { onlyIfReady?: ReadyCheck } = {},
): Promise<Lease | null> {
  const now = ctx.clock();
  const strict = !opts.onlyIfReady;
  let active = await tx.claim.findFirst({ where: { itemId, endedAt: null }, select: claimSelect });
  if (active && isExpired(active, now)) {
    emit(await endClaim(asSystem(ctx), tx, active, { reason: 'expired', now }));
    active = null;
  }
  // a take-over keeps the work and its assignment as they are: only the lease changes hands, to the same holder
  const supersedes = active && strict && opts.takeOver && isHeldBy(active, ctx.principal) ? active : null;
  const item = await tx.item.findUniqueOrThrow({
    where: { id: itemId },
    select: {
      number: true,
      productId: true,
      status: true,
      fencingToken: true,
      deletedAt: true,
      assigneeUserId: true,
      assigneeAgentId: true,
      product: { select: { key: true, ...leaseDefaultsSelect } },
    },
  });
  if (item.deletedAt) {
    if (strict) throw notFound('Item');
    return null;
  }
  const claimable = strict ? item.status === 'open' || item.status === 'in_progress' : item.status === 'open';
  if (!claimable) {
    if (!strict) return null;
    throw new DomainError('INVALID_TRANSITION', `Cannot claim an item that is ${item.status}; reopen it first`, {
      from: item.status,
      to: 'in_progress',
    });
  }
  if (active && !supersedes) {
    if (strict) throw claimConflict(active, ctx.principal);
    return null;
  }
  if (opts.onlyIfReady && !(await opts.onlyIfReady(tx, itemId))) return null;

  const p = ctx.principal;
  const fencingToken = item.fencingToken + 1;
  const holder = holderColumns(p);
  // an unassigned item becomes the holder's; an assignment a person made stays as it is (the lease says who works)
  const assigns = supersedes ? supersedes.assignedHolder : item.assigneeUserId === null && item.assigneeAgentId === null;
  if (supersedes) await supersede(tx, supersedes, now);
  const claim = await tx.claim.create({
    data: {
      itemId,
      ...holder,
      fencingToken,
      assignedHolder: assigns,
      leaseExpiresAt: leaseExpiry(now, p, item.product, opts.ttlSeconds),
      lastHeartbeatAt: now,
      ...agentColumns(p),
    },
    select: claimSelect,
  });
  const starts = item.status === 'open';
  const at = { productId: item.productId, itemId };
  const claimed: ActivityInput = {
    ...at,
    action: 'claimed',
    after: { holder: p.name, fencingToken, leaseExpiresAt: claim.leaseExpiresAt.toISOString(), ...(supersedes && { tookOver: supersedes.fencingToken }) },
  };
  const alsoWrite = {
    fencingToken,
    ...(assigns && !supersedes && { assigneeUserId: holder.holderUserId, assigneeAgentId: holder.holderAgentId }),
  };
  const events: ActivityInput[] = [claimed];
  if (starts) events.push((await applyStatusMove(ctx, tx, { ...at, from: 'open', to: 'in_progress', now }, alsoWrite)).entry);
  else await tx.item.update({ where: { id: itemId }, data: { ...alsoWrite, version: { increment: 1 } } });
  if (assigns && !supersedes) {
    const assignment = claimAssignment(holder);
    events.push({ ...at, action: 'updated', field: assignment.field, before: null, after: assignment.id });
  }
  emit(await recordActivity(ctx, tx, events));
  return toLease(claim, formatItemKey(item.product.key, item.number), principalActor(p));
}

/** Ends the caller's own live claim for a take-over: no status or assignee change, since the work goes on. */
async function supersede(tx: Tx, claim: ClaimRow, now: Date) {
  await tx.claim.update({ where: { id: claim.id }, data: { endedAt: now, endReason: 'released', endNote: 'taken over by a new claim of the same holder' } });
}
