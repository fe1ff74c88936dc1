import type { ItemStatus } from '@baton/contracts';
import { DomainError } from '../errors.ts';

/** The one declared status transition table. Reopening is always possible; done can still be closed. */
export const TRANSITIONS: Record<ItemStatus, readonly ItemStatus[]> = {
  open: ['in_progress', 'done', 'closed', 'wont_fix'],
  in_progress: ['open', 'done', 'closed', 'wont_fix'],
  done: ['open', 'closed'],
  closed: ['open'],
  wont_fix: ['open'],
};

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
