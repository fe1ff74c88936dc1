/** What the server remembers of a lease it was granted. */
export type HeldLease = { itemId: string; itemKey: string; fencingToken: number; leaseExpiresAt: Date | string };

/**
 * Fencing tokens of the leases this process holds, by item id and key, so heartbeat/release/status work without
 * the agent copying tokens around. In memory only: a restarted server has to claim again (or be told the token).
 */
export class LeaseBook {
  readonly #byRef = new Map<string, HeldLease>();

  remember(lease: HeldLease): void {
    this.#byRef.set(lease.itemId, lease);
    this.#byRef.set(lease.itemKey, lease);
  }

  get(ref: string): HeldLease | undefined {
    return this.#byRef.get(ref);
  }

  /** The explicit token when given, else the remembered one. */
  tokenFor(ref: string, explicit?: number): number | undefined {
    return explicit ?? this.#byRef.get(ref)?.fencingToken;
  }

  forget(ref: string): void {
    const lease = this.#byRef.get(ref);
    if (!lease) return;
    this.#byRef.delete(lease.itemId);
    this.#byRef.delete(lease.itemKey);
  }

  held(): HeldLease[] {
    return [...new Set(this.#byRef.values())];
  }
}
