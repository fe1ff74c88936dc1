import type { Db } from '@baton/db';

/**
 * Buffers API-key usage (request count, last used) and writes it in one statement a key per flush, so an agent's
 * requests do not each pay for an UPDATE (on the embedded database every write queues behind the one connection).
 * Usage is statistics: a crash loses at most one flush interval of counts, never an acknowledged write.
 */
export type UsageRecorder = { record(apiKeyId: string, at: Date): void; flush(): Promise<void> };

export function createUsageRecorder(db: Db): UsageRecorder {
  let pending = new Map<string, { count: number; lastUsedAt: Date }>();
  return {
    record(apiKeyId, at) {
      const u = pending.get(apiKeyId);
      if (u) {
        u.count += 1;
        if (at > u.lastUsedAt) u.lastUsedAt = at;
      } else pending.set(apiKeyId, { count: 1, lastUsedAt: at });
    },
    async flush() {
      if (pending.size === 0) return;
      const batch = pending;
      pending = new Map();
      for (const [id, u] of batch) {
        // updateMany: a key deleted meanwhile is simply skipped
        await db.apiKey.updateMany({ where: { id }, data: { requestCount: { increment: u.count }, lastUsedAt: u.lastUsedAt } });
      }
    },
  };
}
