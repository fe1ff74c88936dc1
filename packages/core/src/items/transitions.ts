import { ITEM_TRANSITIONS, type ItemStatus } from '@baton/contracts';
import { DomainError } from '../errors.ts';

/** The declared status transition table (it lives in contracts so the web app offers the same moves). */
export const TRANSITIONS = ITEM_TRANSITIONS;

export function assertTransition(from: ItemStatus, to: ItemStatus): void {
  if (from === to) return;
  if (!TRANSITIONS[from].includes(to)) {
    throw new DomainError('INVALID_TRANSITION', `Cannot move an item from ${from} to ${to}; allowed: ${TRANSITIONS[from].join(', ')}`, {
      from,
      to,
      allowed: TRANSITIONS[from],
    });
  }
}

/** Lifecycle timestamps that follow a status change. */
export function statusTimestamps(from: ItemStatus, to: ItemStatus, now: Date) {
  if (from === to) return {};
  switch (to) {
    case 'in_progress':
      return { startedAt: now };
    case 'done':
      return { doneAt: now, closedAt: null };
    case 'closed':
    case 'wont_fix':
      return { closedAt: now };
    case 'open':
      return { doneAt: null, closedAt: null };
  }
}
