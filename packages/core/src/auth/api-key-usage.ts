import type { Db } from '@baton/db';

/**
 * Buffers API-key usage (request count, last used) and writes it in one statement a key per flush, so an agent's
 * requests do not each pay for an UPDATE (on the embedded database every write queues behind the one connection).
 * Usage is statistics: a crash loses at most one flush interval of counts, never an acknowledged write.
 * The server drains the buffer into a durable job every few seconds (backend/src/background-jobs.ts), so the write
 * itself is retried by the job queue; `flush()` writes directly (shutdown, tests).
 */
export type UsageBatch = Array<{ apiKeyId: string; count: number; lastUsedAt: string }>;
export type UsageRecorder = { record(apiKeyId: string, at: Date): void; drain(): UsageBatch; flush(): Promise<void> };

export function createUsageRecorder(db: Db): UsageRecorder {
  let pending = new Map<string, { count: number; lastUsedAt: Date }>();
  const drain = (): UsageBatch => {
    const batch = pending;
    pending = new Map();
    return [...batch].map(([apiKeyId, u]) => ({ apiKeyId, count: u.count, lastUsedAt: u.lastUsedAt.toISOString() }));
  };
  return {
    record(apiKeyId, at) {
      const u = pending.get(apiKeyId);
      if (u) {
        u.count += 1;
        if (at > u.lastUsedAt) u.lastUsedAt = at;
      } else pending.set(apiKeyId, { count: 1, lastUsedAt: at });
    },
    drain,
    async flush() {
      await writeApiKeyUsage(db, drain());
    },
  };
}

/** Adds a drained batch to the keys' counters; the job handler of `api-keys.record-usage`. */
export async function writeApiKeyUsage(db: Db, batch: UsageBatch): Promise<void> {
  for (const u of batch) {
    // updateMany: a key deleted meanwhile is simply skipped
    await db.apiKey.updateMany({ where: { id: u.apiKeyId }, data: { requestCount: { increment: u.count }, lastUsedAt: new Date(u.lastUsedAt) } });
  }
}
