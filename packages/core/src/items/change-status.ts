import type { EndedClaim, ItemStatus, PublicStatus } from '@baton/contracts';
import { asSystem, recordActivity, type ActivityActor } from '../activity/record-activity.ts';
import { assertLeaseHolder } from '../claims/assert-lease-holder.ts';
import { claimSelect, holderOf, isExpired, isHeldBy } from '../claims/claim-select.ts';
import { endClaim, type ClaimEnding } from '../claims/end-claim.ts';
import type { Ctx, Deps, Tx } from '../deps.ts';
import { DomainError } from '../errors.ts';
import type { ItemEvent } from '../events/bus.ts';
import { lockItem } from './locks.ts';
import { applyStatusMove } from './status-move.ts';
import { assertTransition } from './transitions.ts';

/** The one status in which a claim lives on: moving an item anywhere else ends its claim. */
const CLAIMED_STATUS: ItemStatus = 'in_progress';

export type StatusChangeRequest = {
  itemId: string;
  productId: string;
  to: ItemStatus;
  /** why: kept in the activity entry, and as the note of a claim the change ends */
  reason?: string | null | undefined;
  evidence?: { links: string[]; testOutput?: string | undefined } | null | undefined;
  /** the caller's proof that it holds the lease: anything but its live token is LEASE_EXPIRED */
  fencingToken?: number | undefined;
  /** refuse with CONFLICT unless the item is still at this version */
  expectedVersion?: number | undefined;
  /** the team's public word set with the move (a triage decision), before the public-status email is decided */
  publicStatus?: PublicStatus;
  /** addresses the caller writes to itself (a triage decision): the public-status email skips them */
  toldAlready?: string[];
  /** set by the triage inbox only: an idea leaves triage with its submission decided, never by a bare move */
  triageDecision?: true;
};

/**
 * Who moves the item: a caller (person or API key), or the system acting on something outside Baton (a GitHub
 * delivery whose signature was verified), which holds no lease and may move any item, as a person may.
 */
export type StatusChanger = Ctx | (Deps & { principal: Extract<ActivityActor, { kind: 'system' }> });

export type StatusChangeOutcome = {
  from: ItemStatus;
  to: ItemStatus;
  /** false when the item already had that status: then nothing was written */
  changed: boolean;
  /** the item's version after everything this change did (a claim it ended may write the item too) */
  version: number;
  claimEnded: EndedClaim | null;
};

/**
 * THE status change (docs/status-changes.md): every path that moves an item's status calls this, inside its own
 * transaction, so the rule and its side effects are the same from the web, tRPC, REST, CLI, MCP and VS Code.
 * - Leases: an agent moves only an item it holds or nobody holds (CLAIM_CONFLICT); a fencing token, when given,
 *   must be the caller's live lease (LEASE_EXPIRED). A person with write access may move any item.
 * - Transition table (INVALID_TRANSITION), optional expected version (CONFLICT), lifecycle timestamps, version.
 * - Activity (with reason and evidence when given) and its event; the public-status email to those who asked.
 * - A move to anything but in_progress ends the live claim: the caller's own as `completed` (done) or `released`,
 *   someone else's as `revoked`, an unswept expired one as `expired`; each with a history entry and an event.
 * Setting the status the item already has changes nothing and records nothing.
 */
export async function changeItemStatus(
  ctx: StatusChanger,
  tx: Tx,
  emit: (events: ItemEvent[]) => void,
  req: StatusChangeRequest,
): Promise<StatusChangeOutcome> {
  const { itemId, to } = req;
  // both lock the row until commit, so no claim or status can change under this write
  if (ctx.principal.kind !== 'system' && (ctx.principal.kind === 'agent' || req.fencingToken !== undefined)) {
    await assertLeaseHolder(ctx as Ctx, tx, itemId, req.fencingToken);
  } else await lockItem(tx, itemId);
  const current = await tx.item.findUniqueOrThrow({ where: { id: itemId }, select: { status: true, version: true } });
  if (req.expectedVersion !== undefined && req.expectedVersion !== current.version) throw versionConflict(current.version);
  if (current.status === 'triage' && !req.triageDecision && to !== 'triage') {
    // a bare move would leave the visitor's submission pending forever, and nobody would write to them
    throw new DomainError('INVALID_TRANSITION', 'This idea is waiting in triage: accept, merge or decline it in the triage inbox', {
      from: 'triage',
      to,
    });
  }
  assertTransition(current.status, to);
  const from = current.status;
  if (from === to) return { from, to, changed: false, version: current.version, claimEnded: null };

  const now = ctx.clock();
  const detailed = !!req.reason || !!req.evidence;
  const entry = await applyStatusMove(
    ctx,
    tx,
    {
      productId: req.productId,
      itemId,
      from,
      to,
      now,
      after: detailed ? { status: to, reason: req.reason ?? null, evidence: req.evidence ?? null } : to,
      toldAlready: req.toldAlready,
    },
    req.publicStatus ? { publicStatus: req.publicStatus } : {},
  );
  emit(await recordActivity(ctx, tx, [entry]));
  const claimEnded = to === CLAIMED_STATUS ? null : await endClaimOnMove(ctx, tx, emit, itemId, to, req.reason ?? null, now);
  const { version } = await tx.item.findUniqueOrThrow({ where: { id: itemId }, select: { version: true } });
  return { from, to, changed: true, version, claimEnded };
}

/** Ends the item's unended claim, if any, after a move out of in_progress; never silently (history + event). */
async function endClaimOnMove(
  ctx: StatusChanger,
  tx: Tx,
  emit: (events: ItemEvent[]) => void,
  itemId: string,
  to: ItemStatus,
  reason: string | null,
  now: Date,
): Promise<EndedClaim | null> {
  const active = await tx.claim.findFirst({ where: { itemId, endedAt: null }, select: claimSelect });
  if (!active) return null;
  const own = ctx.principal.kind !== 'system' && isHeldBy(active, ctx.principal);
  const why: ClaimEnding['reason'] = isExpired(active, now) ? 'expired' : !own ? 'revoked' : to === 'done' ? 'completed' : 'released';
  const note = reason ?? `item moved to ${to}`;
  // a lease that ran out is ended as the sweeper would have ended it: by the system, not by this caller
  emit(await endClaim(why === 'expired' ? asSystem(ctx) : ctx, tx, active, { reason: why, note, now }));
  return { reason: why, holder: holderOf(active), fencingToken: active.fencingToken, note };
}

/** The CONFLICT for a stale version; `fields`, when known, names the fields someone else changed meanwhile. */
export function versionConflict(currentVersion: number, fields?: string[]) {
  return new DomainError('CONFLICT', `Item was changed by someone else; current version is ${currentVersion}`, { currentVersion, ...(fields && { fields }) });
}
