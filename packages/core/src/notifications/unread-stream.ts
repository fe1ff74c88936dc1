import { personOf } from '../access/person.ts';
import type { Ctx } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { STREAM_RECHECK_MS } from '../events/stream-access.ts';
import { unreadNotificationCount } from './notifications.ts';

/**
 * The caller's unread count, now and again after each change to their notifications (the bus tells after commit),
 * for the bell. Listening starts before the first count is read, so nothing in between is missed; a burst of
 * notices while a count is read is answered by one more count. A signed-out or expired session ends the stream
 * with UNAUTHENTICATED: checked on every access change this process hears of, and every STREAM_RECHECK_MS anyway.
 * Ends when `signal` aborts or on `return()`.
 */
export async function* unreadCounts(ctx: Ctx, signal?: AbortSignal, opts: { recheckMs?: number } = {}): AsyncGenerator<{ count: number }, void> {
  const userId = personOf(ctx, 'have notifications');
  let dirty = true;
  let recheck = false;
  let wake: (() => void) | null = null;
  const poke = () => wake?.();
  const off = ctx.bus.onNotified(userId, () => {
    dirty = true;
    poke();
  });
  const offAccess = ctx.bus.onAccessChange(() => {
    recheck = true;
    poke();
  });
  const timer = setInterval(() => {
    recheck = true;
    poke();
  }, opts.recheckMs ?? STREAM_RECHECK_MS);
  timer.unref?.();
  signal?.addEventListener('abort', poke);
  try {
    while (!signal?.aborted) {
      if (recheck) {
        recheck = false;
        if (!(await sessionLives(ctx))) throw new DomainError('UNAUTHENTICATED', 'Your session has ended; sign in again');
      }
      if (dirty) {
        dirty = false;
        yield await unreadNotificationCount(ctx);
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  } finally {
    off();
    offAccess();
    clearInterval(timer);
    signal?.removeEventListener('abort', poke);
  }
}

async function sessionLives(ctx: Ctx): Promise<boolean> {
  const p = ctx.principal;
  if (p.kind !== 'user' || !p.sessionId) return true;
  const session = await ctx.db.session.findUnique({ where: { id: p.sessionId }, select: { expiresAt: true } });
  return !!session && session.expiresAt > ctx.clock();
}
