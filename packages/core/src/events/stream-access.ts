import { requireProductAccess } from '../access/product-access.ts';
import { apiKeyRefusal } from '../auth/api-keys.ts';
import type { Ctx } from '../deps.ts';
import { DomainError } from '../errors.ts';

/**
 * How often an open stream asks again whether its caller may still read, without any news on the bus: the bound
 * for a change this process does not hear of (another replica's revocation, a key reaching its expiry).
 */
export const STREAM_RECHECK_MS = 30_000;

/**
 * Whether the caller of a long-lived stream may still read the product: the API key is neither revoked nor
 * expired, the session still exists (not signed out, not expired), and product access holds (membership, role,
 * scope). Read from the database, not from the access cache: a stream asks rarely and must see the change itself.
 */
export async function streamAccessRefusal(ctx: Ctx, productId: string): Promise<DomainError | null> {
  const p = ctx.principal;
  try {
    if (p.kind === 'agent') {
      const key = await ctx.db.apiKey.findUnique({ where: { id: p.apiKeyId }, select: { revokedAt: true, expiresAt: true } });
      const refusal = key ? apiKeyRefusal(key, ctx.clock()) : new DomainError('UNAUTHENTICATED', 'API key is invalid or revoked');
      if (refusal) return refusal;
    } else if (p.sessionId) {
      const session = await ctx.db.session.findUnique({ where: { id: p.sessionId }, select: { expiresAt: true } });
      if (!session || session.expiresAt <= ctx.clock()) return new DomainError('UNAUTHENTICATED', 'Your session has ended; sign in again');
    }
    await requireProductAccess(ctx, productId, 'read');
    return null;
  } catch (e) {
    if (e instanceof DomainError && e.code !== 'UNAVAILABLE') return e;
    // the database hiccuped: not a refusal; the next check decides
    return null;
  }
}

export type AccessWatch = {
  /** aborts when the caller lost access (or `parent` aborted) */
  signal: AbortSignal;
  /** why access was lost, once it was */
  readonly refusal: DomainError | null;
  stop(): void;
};

/**
 * Watches a stream's caller: every access change on the bus (a key revoked, a session ended, a member removed)
 * triggers a check within `debounceMs`, and a timer checks every `everyMs` in any case. On a refusal the returned
 * signal aborts, which ends the stream; the stream then fails with `refusal`.
 */
export function watchStreamAccess(
  ctx: Ctx,
  productId: string,
  parent: AbortSignal | undefined,
  opts: { everyMs?: number; debounceMs?: number } = {},
): AccessWatch {
  const controller = new AbortController();
  let refusal: DomainError | null = null;
  let pending: ReturnType<typeof setTimeout> | undefined;
  let checking = false;
  const check = async () => {
    if (checking || controller.signal.aborted) return;
    checking = true;
    try {
      refusal = await streamAccessRefusal(ctx, productId);
      if (refusal) controller.abort(refusal);
    } finally {
      checking = false;
    }
  };
  // a burst of changes (a key rotated: two writes) costs one check
  const soon = () => {
    clearTimeout(pending);
    pending = setTimeout(() => void check(), opts.debounceMs ?? 100);
    pending.unref?.();
  };
  const offBus = ctx.bus.onAccessChange(soon);
  const timer = setInterval(() => void check(), opts.everyMs ?? STREAM_RECHECK_MS);
  timer.unref?.();
  const stop = () => {
    offBus();
    clearInterval(timer);
    clearTimeout(pending);
    parent?.removeEventListener('abort', onParent);
  };
  const onParent = () => {
    stop();
    controller.abort(parent?.reason);
  };
  if (parent?.aborted) onParent();
  else parent?.addEventListener('abort', onParent);
  controller.signal.addEventListener('abort', stop);
  return {
    signal: controller.signal,
    get refusal() {
      return refusal;
    },
    stop,
  };
}
