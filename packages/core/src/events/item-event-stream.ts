import type { ItemEvent } from './bus.ts';

export type ItemEventFilter = { itemId?: string; assigneeId?: string; label?: string };

/** What an assignee or label filter is checked against: the item as it is now, not as it was at the event. */
export type ItemFacts = { assigneeIds: string[]; labels: string[] };

/** Where a stream reads from; plain functions so the ordering logic is testable without a database. */
export type ItemEventSource = {
  /**
   * live events of the product, published after commit; returns the unsubscribe. `onGap`: events may have been
   * missed (a shared bus lost its connection), so the stream re-reads from its cursor.
   */
  subscribe(listener: (e: ItemEvent) => void, onGap?: () => void): () => void;
  /** committed events with seq > `after`, oldest first, at most `limit` */
  backfill(after: bigint, limit: number): Promise<ItemEvent[]>;
  /** current facts of the items that still exist */
  facts(itemIds: string[]): Promise<Map<string, ItemFacts>>;
};

export type ItemEventChunk = {
  /** the stream cursor (the highest seq considered so far): what a client resumes from */
  id: string;
  event: ItemEvent;
};

export type StreamOptions = {
  filter: ItemEventFilter;
  /** the client's cursor: back-fill everything after it first; null = live events only, from now */
  after: bigint | null;
  signal?: AbortSignal;
  pageSize?: number;
  /** live events held while back-filling or while the consumer is slow; past it, re-read from the database */
  bufferLimit?: number;
};

const FACTS_CACHE_LIMIT = 1_000;

export type ItemEventStream = AsyncIterableIterator<ItemEventChunk, void>;

/**
 * Back-fill, then live, with no gap and no duplicate. The bus is subscribed to at once (before the first
 * `next()`), so whoever opened the stream misses nothing published after that point, even during the
 * back-fill; buffered events already sent by the back-fill are skipped by seq. `return()` or the signal's abort
 * unsubscribes, whether or not the stream was ever read.
 *
 * Two things a watermark alone would get wrong, handled here:
 * - PostgreSQL assigns seq at insert but transactions commit in any order, so a live event may arrive after a
 *   higher one. It is still delivered (once: recently seen seqs are remembered), not dropped as "old"; the
 *   chunk id stays the highest seq seen, so a reconnect neither repeats nor skips what was sent.
 * - A slow consumer or a long back-fill must not grow the buffer without bound: past `bufferLimit` the buffer is
 *   dropped and the stream re-reads from its cursor (every published event is committed, hence readable).
 */
export function itemEventStream(source: ItemEventSource, opts: StreamOptions): ItemEventStream {
  const { filter, signal } = opts;
  const pageSize = opts.pageSize ?? 200;
  const bufferLimit = opts.bufferLimit ?? 1_000;
  const needsFacts = filter.assigneeId !== undefined || filter.label !== undefined;

  type Queued = { event: ItemEvent; receipt: number };
  const queue: Queued[] = [];
  let receipts = 0;
  let cursor = opts.after;
  let behind = opts.after !== null;
  let wake: (() => void) | null = null;

  const unsubscribe = source.subscribe((event) => {
    queue.push({ event, receipt: ++receipts });
    if (queue.length > bufferLimit) {
      // nothing considered yet: resume just before the oldest dropped event
      cursor ??= queue.reduce((min, q) => (BigInt(q.event.seq) < min ? BigInt(q.event.seq) : min), BigInt(queue[0]!.event.seq)) - 1n;
      queue.length = 0;
      behind = true;
    }
    wake?.();
  }, () => {
    // what is queued is committed, so the re-read finds it again; a stream that has considered nothing yet has no
    // cursor to re-read from, and starts with what arrives after the gap
    if (cursor === null) return;
    queue.length = 0;
    behind = true;
    wake?.();
  });
  let closed = false;
  function close() {
    if (closed) return;
    closed = true;
    signal?.removeEventListener('abort', close);
    unsubscribe();
    queue.length = 0;
    wake?.();
  }
  signal?.addEventListener('abort', close);
  if (signal?.aborted) close();

  // seqs considered lately, so a late or repeated delivery of one is skipped; bounded, oldest forgotten first
  const seen = new Set<string>();
  const remember = (seq: string) => {
    seen.add(seq);
    if (seen.size > 2 * (bufferLimit + pageSize)) seen.delete(seen.values().next().value!);
  };

  // a fact is good for an event received before the look-up started: the look-up then saw that event's commit
  const facts = new Map<string, { facts: ItemFacts | null; asOf: number }>();
  async function lookUp(itemIds: string[]) {
    const asOf = receipts;
    const found = await source.facts(itemIds);
    if (facts.size + itemIds.length > FACTS_CACHE_LIMIT) facts.clear();
    for (const id of itemIds) facts.set(id, { facts: found.get(id) ?? null, asOf });
  }
  const fresh = (itemId: string | null, receipt: number) => itemId === null || (facts.get(itemId)?.asOf ?? -1) >= receipt;

  function matches(e: ItemEvent): boolean {
    if (filter.itemId !== undefined && e.itemId !== filter.itemId) return false;
    if (!needsFacts) return true;
    const f = e.itemId === null ? null : (facts.get(e.itemId)?.facts ?? null);
    if (!f) return false;
    if (filter.assigneeId !== undefined && !f.assigneeIds.includes(filter.assigneeId)) return false;
    if (filter.label !== undefined && !f.labels.includes(filter.label)) return false;
    return true;
  }

  /** Records `e` as considered; the chunk to send when it is new and matches. */
  function consider(e: ItemEvent): ItemEventChunk | null {
    if (seen.has(e.seq)) return null;
    remember(e.seq);
    const seq = BigInt(e.seq);
    if (cursor === null || seq > cursor) cursor = seq;
    return matches(e) ? { id: cursor.toString(), event: e } : null;
  }

  async function* run(): AsyncGenerator<ItemEventChunk, void> {
    try {
      while (!closed) {
        if (behind) {
          // cleared before the read, so an overflow while it runs sets it again
          behind = false;
          const page = await source.backfill(cursor!, pageSize);
          if (page.length === pageSize) behind = true;
          if (needsFacts) await lookUp([...new Set(page.flatMap((e) => (e.itemId ? [e.itemId] : [])))]);
          for (const e of page) {
            const chunk = consider(e);
            if (chunk) yield chunk;
          }
          continue;
        }
        const next = queue.shift();
        if (!next) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
          continue;
        }
        const { event: e, receipt } = next;
        // the client already had everything up to its cursor
        if (opts.after !== null && BigInt(e.seq) <= opts.after) continue;
        if (needsFacts && !fresh(e.itemId, receipt)) {
          // one look-up for every queued item that needs one (a transaction publishes its events together)
          const stale = [next, ...queue].filter((q) => !fresh(q.event.itemId, q.receipt)).map((q) => q.event.itemId!);
          await lookUp([...new Set(stale)]);
        }
        const chunk = consider(e);
        if (chunk) yield chunk;
      }
    } finally {
      close();
    }
  }

  const gen = run();
  return {
    next: () => gen.next(),
    // a generator never started skips its finally: close here too
    return: (value?: void) => {
      close();
      return gen.return(value);
    },
    throw: (e?: unknown) => {
      close();
      return gen.throw(e);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
