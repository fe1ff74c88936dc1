/**
 * Fixed-window counter per key, in memory (one replica; a shared store comes with replicas). Used for the
 * public endpoints: sign-up, log-in, the MFA step, and the public roadmap (submissions, votes).
 */
export function createRateLimiter(opts: { limit: number; windowMs: number; now?: () => number }) {
  const hits = new Map<string, { start: number; count: number }>();
  const now = opts.now ?? Date.now;
  return {
    /** null when allowed, else seconds until the window resets */
    take(key: string): number | null {
      const t = now();
      const w = hits.get(key);
      if (!w || t - w.start >= opts.windowMs) {
        if (hits.size > 50_000) hits.clear(); // bounded memory under a flood of distinct keys
        hits.set(key, { start: t, count: 1 });
        return null;
      }
      w.count += 1;
      return w.count > opts.limit ? Math.ceil((w.start + opts.windowMs - t) / 1000) : null;
    },
  };
}
export type RateLimiter = ReturnType<typeof createRateLimiter>;
