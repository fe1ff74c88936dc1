import type { PublicBucket, PublicLimits } from '@baton/api';
import { createRateLimiter } from '@baton/core';
import type { Env } from './env.ts';

/** The public roadmap's limits, per visitor address (submit, vote, lookups) and per email (voteEmail). */
export function publicLimitsFromEnv(
  env: Pick<Env, 'PUBLIC_SUBMITS_PER_HOUR' | 'PUBLIC_VOTES_PER_MINUTE' | 'PUBLIC_VOTES_PER_EMAIL_HOUR'>,
): PublicLimits {
  const buckets: Record<PublicBucket, ReturnType<typeof createRateLimiter>> = {
    submit: createRateLimiter({ limit: env.PUBLIC_SUBMITS_PER_HOUR, windowMs: 3_600_000 }),
    vote: createRateLimiter({ limit: env.PUBLIC_VOTES_PER_MINUTE, windowMs: 60_000 }),
    voteEmail: createRateLimiter({ limit: env.PUBLIC_VOTES_PER_EMAIL_HOUR, windowMs: 3_600_000 }),
    // challenges, similar-item lookups while typing, status pages: generous, but a flood from one address stops
    lookup: createRateLimiter({ limit: 120, windowMs: 60_000 }),
  };
  return { take: (bucket, key) => buckets[bucket].take(key) };
}
