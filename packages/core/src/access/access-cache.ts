import type { EventBus } from '../events/bus.ts';

/**
 * What a request needs before its own work (the caller's API key or session, the product, the caller's
 * membership, a product key's id), kept in process for a few seconds so a busy caller does not pay a query for
 * each on every request. Only found rows are kept: a miss is asked again, so a new key, session or membership
 * works at once. Every change to what is kept (a key revoked, a member removed or re-roled, a session ended, a
 * product renamed or archived) calls `accessChanged`, which empties the cache through the event bus, so the change
 * holds on the next request; the TTL bounds how stale anything can be should a change be missed.
 */
export type AccessCache = {
  get<T>(key: string, load: () => Promise<T | null>): Promise<T | null>;
  clear(): void;
};

export function createAccessCache(bus: EventBus, opts: { ttlMs?: number; max?: number } = {}): AccessCache {
  const ttlMs = opts.ttlMs ?? 5_000;
  const max = opts.max ?? 10_000;
  let entries = new Map<string, { value: unknown; until: number }>();
  // a load that started before a change must not store what it read: the generation tells
  let generation = 0;
  const clear = () => {
    generation++;
    entries = new Map();
  };
  bus.onAccessChange(clear);
  return {
    async get<T>(key: string, load: () => Promise<T | null>): Promise<T | null> {
      const now = performance.now();
      const hit = entries.get(key);
      if (hit && hit.until > now) return hit.value as T;
      const started = generation;
      const value = await load();
      if (value !== null && started === generation) {
        // bounded: past `max` the oldest half goes (Map keeps insertion order)
        if (entries.size >= max) entries = new Map([...entries].slice(max / 2));
        entries.set(key, { value, until: now + ttlMs });
      }
      return value;
    },
    clear,
  };
}

/** Reads through the cache when the deps have one (the server does); tests through createCaller read afresh. */
export function cached<T>(deps: { cache?: AccessCache }, key: string, load: () => Promise<T | null>): Promise<T | null> {
  return deps.cache ? deps.cache.get(key, load) : load();
}

/**
 * Call after a change to keys, sessions, memberships or products commits: every cache on this event bus empties,
 * on every replica when they share PostgreSQL (the LISTEN/NOTIFY bus, docs/events.md).
 */
export function accessChanged(deps: { bus: EventBus }): void {
  deps.bus.publishAccessChange();
}

/** Runs a write that changes access, then empties the caches once it has committed (not before: see `get`). */
export async function changingAccess<T>(deps: { bus: EventBus }, write: Promise<T>): Promise<T> {
  const result = await write;
  accessChanged(deps);
  return result;
}
