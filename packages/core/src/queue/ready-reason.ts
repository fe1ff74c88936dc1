import type { Actor, ItemStatus } from '@baton/contracts';
import type { Principal } from '../deps.ts';

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** Who a ready item is assigned to, as its reason says it: "you", a name, or nobody (null). */
export function assignedTo(assignee: Actor | null, p: Principal): string | null {
  if (!assignee) return null;
  const mine = p.kind === 'user' ? assignee.kind === 'user' && assignee.id === p.userId : assignee.kind === 'agent' && assignee.id === p.apiKeyId;
  return mine ? 'you' : assignee.name;
}

/**
 * Why a ready item is ready, from the statuses of its (all cleared) blockers and whom it is assigned to:
 * "open, unclaimed, no blockers", "open, unclaimed, assigned to you, 2 blockers done".
 */
export function readyReason(blockerStatuses: readonly ItemStatus[], assignee: string | null = null): string {
  const head = `open, unclaimed, ${assignee ? `assigned to ${assignee}, ` : ''}`;
  if (blockerStatuses.length === 0) return `${head}no blockers`;
  const done = blockerStatuses.filter((s) => s === 'done').length;
  const closed = blockerStatuses.length - done;
  const parts = [
    ...(done ? [`${count(done, 'blocker')} done`] : []),
    ...(closed ? [`${done ? closed : count(closed, 'blocker')} closed`] : []),
  ];
  return `${head}${parts.join(', ')}`;
}
