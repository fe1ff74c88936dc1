import { allowedStates, currentState, ITEM_TRANSITIONS, resolveStateRef, stateMoveAllowed, type ItemStatus, type WorkflowState } from '@baton/contracts';
import { badField, DomainError } from '../errors.ts';

/** Where a requested move lands: the category every rule works on, and the stateId to store (null: its default). */
export type StateTarget = { category: ItemStatus; stateId: string | null; name: string };

/**
 * A requested "state name or category" (resolveStateRef, the one resolution) checked against the workflow: an
 * unknown name is BAD_INPUT on `status`; a move the workflow forbids is INVALID_TRANSITION naming the allowed
 * categories and states. The default state is stored as null, so claims and other category-only moves agree.
 */
export function resolveStateMove(states: readonly WorkflowState[], ref: string, current: { status: ItemStatus; stateId: string | null }): StateTarget {
  const found = resolveStateRef(states, ref, current);
  if (!found) {
    const names = states.map((s) => s.name);
    throw badField('status', `names no state of this product (states: ${names.join(', ')}; or a status: open, in_progress, done, closed, wont_fix)`);
  }
  const { category, state } = found;
  if (!stateMoveAllowed(current.status, category)) {
    const allowed = ITEM_TRANSITIONS[current.status];
    const names = allowedStates(states, current).map((s) => s.name);
    const toName = state && state.name.toLowerCase() !== category ? ` (${state.name})` : '';
    throw new DomainError('INVALID_TRANSITION', `Cannot move an item from ${current.status} to ${category}${toName}; allowed: ${allowed.join(', ')}${names.length ? ` (states: ${names.join(', ')})` : ''}`, {
      from: current.status,
      to: category,
      allowed,
      allowedStates: names,
    });
  }
  return { category, stateId: state && !state.isDefault ? state.id : null, name: state?.name ?? category };
}

/**
 * Whether a "state name or category" still names where the item is: an edit's `base` (what the form started from)
 * compared with the stored state. A category names any state of it (clients that send categories merge as before);
 * a state's name only that state, so a move within the category since the form loaded is a change like any other.
 */
export function namesCurrentState(states: readonly WorkflowState[], ref: string, current: { status: ItemStatus; stateId: string | null }): boolean {
  const found = resolveStateRef(states, ref, current);
  return !!found && found.category === current.status && (found.state?.id ?? null) === (currentState(states, current)?.id ?? null);
}
