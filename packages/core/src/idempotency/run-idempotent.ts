import { createHash } from 'node:crypto';
import type { Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';

/** A pending record older than this belongs to a call that died mid-way; a retry may take it over. */
const ABANDONED_MS = 60_000;

/** How long a duplicate is told to wait (Retry-After): most writes finish well within a second. */
const RETRY_AFTER_SECONDS = 1;

/**
 * The answer to a duplicate that arrives while its original still runs: a code of its own (not the CONFLICT of a
 * version race, which must not be retried blindly), telling the caller to send the very same request again later.
 */
const stillRunning = (key: string) =>
  new DomainError('IN_PROGRESS', `A request with this idempotency key is still running; send it again in ${RETRY_AFTER_SECONDS} s`, {
    key,
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  });

type Codec<T> = { serialize(value: T): unknown; deserialize(stored: unknown): T };

export const requestHash = (input: unknown) => createHash('sha256').update(stableJson(input)).digest('hex');

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}

/**
 * Runs a write at most once per (caller, key): the first call reserves the key, runs, and stores its result; a
 * retry returns the stored result without running again. The same key with a different request is refused
 * (IDEMPOTENCY_MISMATCH); a retry racing the first call gets IN_PROGRESS (details.retryAfterSeconds). A failed write
 * frees its key, so the retry runs for real.
 */
export async function runIdempotent<T>(
  deps: Deps,
  scope: { callerId: string; key: string; request: unknown },
  codec: Codec<T>,
  run: () => Promise<T>,
): Promise<T> {
  const hash = requestHash(scope.request);
  const where = { callerId_key: { callerId: scope.callerId, key: scope.key } };
  for (let attempt = 0; attempt < 2; attempt++) {
    const existing = await deps.db.idempotencyRecord.findUnique({ where });
    if (existing) {
      if (existing.requestHash !== hash) {
        throw new DomainError('IDEMPOTENCY_MISMATCH', 'This idempotency key was already used for a different request', { key: scope.key });
      }
      const stored = existing.response as { pending?: boolean; value?: unknown };
      if (!stored.pending) return codec.deserialize(stored.value);
      if (deps.clock().getTime() - existing.updatedAt.getTime() < ABANDONED_MS) {
        throw stillRunning(scope.key);
      }
      await deps.db.idempotencyRecord.deleteMany({ where: { id: existing.id, updatedAt: existing.updatedAt } });
    }
    try {
      await deps.db.idempotencyRecord.create({ data: { callerId: scope.callerId, key: scope.key, requestHash: hash, response: { pending: true } } });
    } catch (e) {
      if ((e as { code?: string }).code === 'P2002') continue; // another call reserved it first: read theirs
      throw e;
    }
    try {
      const value = await run();
      await deps.db.idempotencyRecord.update({ where, data: { response: { value: codec.serialize(value) as object } } });
      return value;
    } catch (e) {
      await deps.db.idempotencyRecord.deleteMany({ where: { callerId: scope.callerId, key: scope.key } });
      throw e;
    }
  }
  throw stillRunning(scope.key);
}
