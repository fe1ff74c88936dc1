import type { Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';

/** After this many consecutive failures (passwords or second-factor codes) the account locks for LOCK_MINUTES. */
export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 15;
const SLOWDOWN_MS = 250;

export function assertNotLocked(user: { lockedUntil: Date | null }, now: Date): void {
  if (user.lockedUntil && user.lockedUntil > now) {
    const retryAfterSeconds = Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000);
    throw new DomainError('LOCKED', `Too many failed attempts; try again in ${Math.ceil(retryAfterSeconds / 60)} minutes`, { retryAfterSeconds });
  }
}

/**
 * Counts a failure with an atomic increment (parallel guesses that all read the same count still add up to the
 * lock), locks at MAX_FAILURES, and slows the answer a little more with each failure.
 */
export async function recordFailedAttempt(deps: Deps, userId: string): Promise<void> {
  const { failedLoginCount: failures } = await deps.db.user.update({
    where: { id: userId },
    data: { failedLoginCount: { increment: 1 } },
    select: { failedLoginCount: true },
  });
  if (failures >= MAX_FAILURES) {
    await deps.db.user.update({ where: { id: userId }, data: { failedLoginCount: 0, lockedUntil: new Date(deps.clock().getTime() + LOCK_MINUTES * 60_000) } });
  }
  await new Promise((r) => setTimeout(r, Math.min(failures, MAX_FAILURES) * SLOWDOWN_MS));
}

export async function clearFailedAttempts(deps: Deps, user: { id: string; failedLoginCount: number; lockedUntil: Date | null }): Promise<void> {
  if (user.failedLoginCount || user.lockedUntil) await deps.db.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null } });
}
