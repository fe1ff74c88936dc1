import { DomainError } from '@baton/core';
import type { Context } from './context.ts';

/** The public roadmap's rate-limit buckets; the host sizes each (backend/src/app.ts). */
export type PublicBucket = 'submit' | 'vote' | 'voteEmail' | 'lookup';
/** Takes one hit from a bucket for a key; null when allowed, else seconds until the window resets. */
export type PublicLimits = { take(bucket: PublicBucket, key: string): number | null };

/** Throws RATE_LIMITED (429 with Retry-After) when `key` used up its bucket; a host without limits allows all. */
export function throttle(ctx: Pick<Context, 'limits'>, bucket: PublicBucket, key: string): void {
  const retry = ctx.limits?.take(bucket, key) ?? null;
  if (retry !== null) throw new DomainError('RATE_LIMITED', `Too many requests; retry in ${retry} s`, { retryAfterSeconds: retry });
}
