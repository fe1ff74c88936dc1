import type { ItemStatus } from '@baton/contracts';

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** Why a ready item is ready, from the statuses of its (all cleared) blockers: "open, unclaimed, 2 blockers done". */
export function readyReason(blockerStatuses: readonly ItemStatus[]): string {
  if (blockerStatuses.length === 0) return 'open, unclaimed, no blockers';
  const done = blockerStatuses.filter((s) => s === 'done').length;
  const closed = blockerStatuses.length - done;
  const parts = [
    ...(done ? [`${count(done, 'blocker')} done`] : []),
    ...(closed ? [`${done ? closed : count(closed, 'blocker')} closed`] : []),
  ];
  return `open, unclaimed, ${parts.join(', ')}`;
}
