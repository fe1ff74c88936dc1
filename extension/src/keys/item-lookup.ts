import { parseItemKey, type ItemSummary } from '@baton/contracts';
import type { Connection } from '../connection/connection.ts';
import { searchAll } from '../tree/load-items.ts';
import type { KeyInfo } from './key-text.ts';

const FRESH_MS = 30_000;

/**
 * Items by key for hovers and completions, each asked of the server at most every 30 s (a hover is asked for on
 * every mouse rest) and forgotten when a live event says the item changed.
 */
export class ItemLookup {
  private readonly byKey = new Map<string, { at: number; info: Promise<KeyInfo | null> }>();
  private candidates: { at: number; items: Promise<ItemSummary[]> } | undefined;

  /** `connected`: the first connection attempt, which a hover right after start-up waits for */
  constructor(
    private readonly connection: Connection,
    private readonly connected: Promise<unknown>,
  ) {}

  /** The product keys this person can see: the keys worth looking up in text. */
  async productKeys(): Promise<string[]> {
    await this.connected;
    const s = this.connection.state;
    return s.kind === 'signedIn' ? s.identity.products.map((p) => p.key) : [];
  }

  /** The item a key names, with who holds it; null when there is none this person can see (or not signed in). */
  get(key: string): Promise<KeyInfo | null> {
    const cached = this.byKey.get(key);
    if (cached && Date.now() - cached.at < FRESH_MS) return cached.info;
    const info = this.load(key).catch(() => null);
    this.byKey.set(key, { at: Date.now(), info });
    return info;
  }

  private async load(key: string): Promise<KeyInfo | null> {
    const s = this.connection.state;
    const product = parseItemKey(key)?.productKey;
    if (s.kind !== 'signedIn' || !product) return null;
    // products by key: the server resolves the key's own product, whichever product this window works in
    const item = await s.trpc.items.get.query({ productId: product, ref: key });
    const [claim] = await s.trpc.claims.active.query({ productId: product, itemIds: [item.id] });
    const mine = claim?.holder.kind === 'user' && claim.holder.id === s.identity.userId;
    return {
      id: item.id,
      key: item.key,
      title: item.title,
      type: item.type,
      status: item.status,
      priority: item.priority,
      assignee: item.assignee?.name ?? null,
      claim: claim ? { holder: claim.holder.name, mine, leaseExpiresAt: claim.leaseExpiresAt } : null,
    };
  }

  /** What key completion offers: the open items assigned to me first, then the product's other open items. */
  openItems(): Promise<ItemSummary[]> {
    if (this.candidates && Date.now() - this.candidates.at < FRESH_MS) return this.candidates.items;
    const s = this.connection.state;
    if (s.kind !== 'signedIn') return Promise.resolve([]);
    const items = Promise.all([searchAll(s.api, 'assignee:me is:open sort:updated-desc', 100), searchAll(s.api, 'is:open sort:updated-desc', 100)]).then(
      ([mine, all]) => [...new Map([...mine.items, ...all.items].map((i) => [i.id, i])).values()],
      () => [],
    );
    this.candidates = { at: Date.now(), items };
    return items;
  }

  /** Live events said these items changed (an empty set: anything may have). */
  forget(itemIds: ReadonlySet<string>) {
    this.candidates = undefined;
    if (itemIds.size === 0) return this.byKey.clear();
    for (const [key, entry] of this.byKey) void entry.info.then((i) => i && itemIds.has(i.id) && this.byKey.get(key) === entry && this.byKey.delete(key));
  }

  clear() {
    this.byKey.clear();
    this.candidates = undefined;
  }
}
