import type { EndedClaim, ItemStatus, PublicStatus, Usage, WorkflowState } from '@baton/contracts';
import { asSystem, recordActivity, type ActivityActor } from '../activity/record-activity.ts';
import { assertLeaseHolder } from '../claims/assert-lease-holder.ts';
import { recordOnAttempt } from '../claims/attempt-record.ts';
import { claimSelect, holderOf, isExpired, isHeldBy } from '../claims/claim-select.ts';
import { endClaim, type ClaimEnding } from '../claims/end-claim.ts';
import type { Ctx, Deps, Tx } from '../deps.ts';
import { DomainError } from '../errors.ts';
import type { ItemEvent } from '../events/bus.ts';
import { lockItem } from './locks.ts';
import { applyStatusMove } from './status-move.ts';
import { resolveStateMove } from '../workflow-states/resolve-state.ts';
import { stateSelect, toWorkflowState } from '../workflow-states/state-select.ts';

/** The one status in which a claim lives on: moving an item anywhere else ends its claim. */
const CLAIMED_STATUS: ItemStatus = 'in_progress';

export type StatusChangeRequest = {
  itemId: string;
  productId: string;
  /** a state's name ("In review") or a category (`done`), resolved by resolveStateMove against the product's states */
  to: string;
  /** why: kept in the activity entry, and as the note of a claim the change ends */
  reason?: string | null | undefined;
  evidence?: { links: string[]; testOutput?: string | undefined } | null | undefined;
  /** the holder's declared usage: with the evidence, kept on the attempt (the claim) this move ends */
  usage?: Usage | undefined;
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
  /**
   * The caller already took guardItemWrite (with this request's fencingToken) in this transaction and read the
   * item's status, state, version and the product's states after it: the change takes none of them again.
   * updateItem does, as it reads the item.
   */
  guarded?: Current;
};

/**
 * Who moves the item: a caller (person or API key), or the system acting on something outside Baton (a GitHub
 * delivery whose signature was verified), which holds no lease and may move any item, as a person may.
 */
export type StatusChanger = Ctx | (Deps & { principal: Extract<ActivityActor, { kind: 'system' }> });

/** What a status change starts from: the item's category, state and version, and its product's states. */
export type Current = { status: ItemStatus; stateId: string | null; version: number; states: WorkflowState[] };

/** The item's columns and its product's states a change starts from, in one statement (a relation join). */
export const currentSelect = {
  status: true,
  stateId: true,
  version: true,
  product: { select: { workflowStates: { select: stateSelect } } },
} as const;
export const toCurrent = (row: { status: ItemStatus; stateId: string | null; version: number; product: { workflowStates: Parameters<typeof toWorkflowState>[0][] } }): Current => ({
  status: row.status,
  stateId: row.stateId,
  version: row.version,
  states: row.product.workflowStates.map(toWorkflowState),
});

export type StatusChangeOutcome = {
  from: ItemStatus;
  to: ItemStatus;
  /** the state's name after the change (the category's identifier in a product without states, and in triage) */
  state: string;
  /** false when the item already had that state: then nothing was written */
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
 * - The state: a name or a category (resolveStateMove: BAD_INPUT for an unknown name); a move between states is
 *   allowed when the categories' move is (transition table, INVALID_TRANSITION) or both share a category.
 * - Optional expected version (CONFLICT), lifecycle timestamps, version.
 * - Activity (with reason and evidence when given) and its event; the public-status email to those who asked.
 * - A move to anything but in_progress ends the live claim: the caller's own as `completed` (done) or `released`,
 *   someone else's as `revoked`, an unswept expired one as `expired`; each with a history entry and an event.
 * Setting the state the item already has changes nothing and records nothing; a move between two states of one
 * category is recorded (history, version) but is no status move for the rules: no claim ends, nobody is emailed.
 */
export async function changeItemStatus(
  ctx: StatusChanger,
  tx: Tx,
  emit: (events: ItemEvent[]) => void,
  req: StatusChangeRequest,
): Promise<StatusChangeOutcome> {
  const { itemId, to } = req;
  if (!req.guarded) await guardItemWrite(ctx, tx, itemId, req.fencingToken);
  const current = req.guarded ?? toCurrent(await tx.item.findUniqueOrThrow({ where: { id: itemId }, select: currentSelect }));
  if (req.expectedVersion !== undefined && req.expectedVersion !== current.version) throw versionConflict(current.version);
  if (current.status === 'triage' && !req.triageDecision && to !== 'triage') {
    // a bare move would leave the visitor's submission pending forever, and nobody would write to them
    throw new DomainError('INVALID_TRANSITION', 'This idea is waiting in triage: accept, merge or decline it in the triage inbox', {
      from: 'triage',
      to,
    });
  }
  const target = resolveStateMove(current.states, to, current);
  const from = current.status;
  if (from === target.category && current.stateId === target.stateId) {
    return { from, to: from, state: target.name, changed: false, version: current.version, claimEnded: null };
  }

  const now = ctx.clock();
  // the history names a state only when it is not the category's default (entries stay as they were for those)
  const named = target.stateId !== null;
  const detailed = !!req.reason || !!req.evidence || named;
  const move = await applyStatusMove(
    ctx,
    tx,
    {
      productId: req.productId,
      itemId,
      from,
      to: target.category,
      stateId: target.stateId,
      now,
      after: detailed ? { status: target.category, ...(named && { state: target.name }), reason: req.reason ?? null, evidence: req.evidence ?? null } : target.category,
      toldAlready: req.toldAlready,
    },
    req.publicStatus ? { publicStatus: req.publicStatus } : {},
  );
  emit(await recordActivity(ctx, tx, [move.entry]));
  // a claim lives while the category is in_progress: a move within a category leaves it alone
  const claimEnded = target.category === CLAIMED_STATUS || target.category === from ? null : await endClaimOnMove(ctx, tx, emit, { ...req, to: target.category }, now);
  // ending a claim may write the item again (endClaim): only then is the move's own version stale
  const version = claimEnded ? (await tx.item.findUniqueOrThrow({ where: { id: itemId }, select: { version: true } })).version : move.version;
  return { from, to: target.category, state: target.name, changed: true, version, claimEnded };
}

/**
 * Whom a write to an item must wait for, and who may make it: an agent (or anyone showing a fencing token) only
 * as the lease holder or on an item nobody holds (assertLeaseHolder); a person with write access, or the system,
 * on any item. Either way the row is locked until commit, so no claim or status changes under the write.
 */
export async function guardItemWrite(ctx: StatusChanger, tx: Tx, itemId: string, fencingToken?: number): Promise<void> {
  if (ctx.principal.kind !== 'system' && (ctx.principal.kind === 'agent' || fencingToken !== undefined)) {
    await assertLeaseHolder(ctx as Ctx, tx, itemId, fencingToken);
  } else await lockItem(tx, itemId);
}

/**
 * Ends the item's unended claim, if any, after a move out of in_progress; never silently (history + event). The
 * holder's own evidence and usage go onto its attempt first.
 */
async function endClaimOnMove(
  ctx: StatusChanger,
  tx: Tx,
  emit: (events: ItemEvent[]) => void,
  req: StatusChangeRequest & { to: ItemStatus },
  now: Date,
): Promise<EndedClaim | null> {
  const { itemId, to } = req;
  const active = await tx.claim.findFirst({ where: { itemId, endedAt: null }, select: claimSelect });
  if (!active) return null;
  const own = ctx.principal.kind !== 'system' && isHeldBy(active, ctx.principal);
  const why: ClaimEnding['reason'] = isExpired(active, now) ? 'expired' : !own ? 'revoked' : to === 'done' ? 'completed' : 'released';
  if (why !== 'expired' && own) await recordOnAttempt(tx, active.id, { usage: req.usage, evidence: req.evidence ?? undefined });
  const note = req.reason ?? `item moved to ${to}`;
  // a lease that ran out is ended as the sweeper would have ended it: by the system, not by this caller
  emit(await endClaim(why === 'expired' ? asSystem(ctx) : ctx, tx, active, { reason: why, note, now }));
  return { reason: why, holder: holderOf(active), fencingToken: active.fencingToken, note };
}

/** The CONFLICT for a stale version; `fields`, when known, names the fields someone else changed meanwhile. */
export function versionConflict(currentVersion: number, fields?: string[]) {
  return new DomainError('CONFLICT', `Item was changed by someone else; current version is ${currentVersion}`, { currentVersion, ...(fields && { fields }) });
}
