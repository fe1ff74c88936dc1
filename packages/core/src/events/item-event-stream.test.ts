import { describe, expect, it } from 'vitest';
import type { ItemEvent } from './bus.ts';
import { itemEventStream, type ItemEventChunk, type ItemEventSource, type ItemFacts } from './item-event-stream.ts';

const ev = (seq: number, itemId: string | null = 'i1'): ItemEvent => ({
  seq: String(seq),
  productId: 'p',
  itemId,
  action: 'updated',
  actorName: 'Test',
  at: new Date(0),
});

/** An in-memory "database" of committed events, a bus, and item facts, with a hook inside each back-fill read. */
function fake() {
  const committed: ItemEvent[] = [];
  const listeners = new Set<(e: ItemEvent) => void>();
  const facts = new Map<string, ItemFacts>();
  const counts = { backfills: 0, lookUps: 0 };
  let duringBackfill: (() => void) | null = null;
  const source: ItemEventSource = {
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    async backfill(after, limit) {
      counts.backfills++;
      const hook = duringBackfill;
      duringBackfill = null;
      hook?.();
      await Promise.resolve();
      return committed
        .filter((e) => BigInt(e.seq) > after)
        .sort((a, b) => Number(BigInt(a.seq) - BigInt(b.seq)))
        .slice(0, limit);
    },
    async facts(ids) {
      counts.lookUps++;
      return new Map(ids.flatMap((id) => (facts.has(id) ? [[id, structuredClone(facts.get(id)!)] as const] : [])));
    },
  };
  return {
    source,
    facts,
    counts,
    listeners,
    /** commit, then publish: what writeTransaction does */
    write(...events: ItemEvent[]) {
      committed.push(...events);
      for (const e of events) for (const l of listeners) l(e);
    },
    commitOnly: (...events: ItemEvent[]) => committed.push(...events),
    publishOnly: (...events: ItemEvent[]) => events.forEach((e) => listeners.forEach((l) => l(e))),
    onNextBackfill(fn: () => void) {
      duringBackfill = fn;
    },
  };
}

async function take(stream: AsyncIterator<ItemEventChunk>, n: number): Promise<ItemEventChunk[]> {
  const out: ItemEventChunk[] = [];
  while (out.length < n) {
    const r = await stream.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}
const seqs = (chunks: ItemEventChunk[]) => chunks.map((c) => Number(c.event.seq));

describe('itemEventStream', () => {
  it('back-fills after the cursor, then goes live, with nothing missed or repeated around the switch', async () => {
    const f = fake();
    f.commitOnly(ev(1), ev(2), ev(3), ev(4));
    const stream = itemEventStream(f.source, { filter: {}, after: 2n, pageSize: 2 });
    // published while the back-fill reads: 4 again (a late publish of a back-filled event) and a new 5
    f.onNextBackfill(() => {
      f.publishOnly(ev(4));
      f.write(ev(5));
    });
    const first = await take(stream, 3);
    f.write(ev(6));
    const chunks = [...first, ...(await take(stream, 1))];
    expect(seqs(chunks)).toEqual([3, 4, 5, 6]);
    expect(chunks.map((c) => c.id)).toEqual(['3', '4', '5', '6']);
    await stream.return?.();
    expect(f.listeners.size).toBe(0);
  });

  it('starts listening when opened, before the first read, so nothing published in between is lost', async () => {
    const f = fake();
    const stream = itemEventStream(f.source, { filter: {}, after: null });
    f.write(ev(7));
    expect(seqs(await take(stream, 1))).toEqual([7]);
    await stream.return?.();
  });

  it('delivers a late commit with a lower seq once, keeping the id at the highest seq seen', async () => {
    const f = fake();
    const stream = itemEventStream(f.source, { filter: {}, after: null });
    f.write(ev(11));
    f.write(ev(10));
    f.publishOnly(ev(10));
    f.write(ev(12));
    const chunks = await take(stream, 3);
    expect(seqs(chunks)).toEqual([11, 10, 12]);
    expect(chunks.map((c) => c.id)).toEqual(['11', '11', '12']);
    await stream.return?.();
  });

  it('skips live events at or below the client cursor', async () => {
    const f = fake();
    f.commitOnly(ev(1), ev(2));
    const stream = itemEventStream(f.source, { filter: {}, after: 2n });
    f.publishOnly(ev(2));
    f.write(ev(3));
    expect(seqs(await take(stream, 1))).toEqual([3]);
    await stream.return?.();
  });

  it('filters by item, assignee and label against the item as it is when the event arrives', async () => {
    const f = fake();
    f.facts.set('i1', { assigneeIds: ['agent-1'], labels: ['api'] });
    f.facts.set('i2', { assigneeIds: [], labels: ['api'] });
    const byLabel = itemEventStream(f.source, { filter: { label: 'api' }, after: null });
    const byAssignee = itemEventStream(f.source, { filter: { assigneeId: 'agent-1' }, after: null });
    const byItem = itemEventStream(f.source, { filter: { itemId: 'i2' }, after: null });
    f.write(ev(1, 'i1'), ev(2, 'i1'));
    f.write(ev(3, 'i2'));
    f.write(ev(4, null));
    expect(seqs(await take(byLabel, 3))).toEqual([1, 2, 3]);
    expect(seqs(await take(byAssignee, 2))).toEqual([1, 2]);
    expect(seqs(await take(byItem, 1))).toEqual([3]);
    // one look-up per filtering stream for everything queued; the item filter needs none
    expect(f.counts.lookUps).toBe(2);
    // the label goes away: the next event of i1 is looked up again and filtered out
    f.facts.set('i1', { assigneeIds: ['agent-1'], labels: [] });
    f.write(ev(5, 'i1'));
    f.write(ev(6, 'i2'));
    expect(seqs(await take(byLabel, 1))).toEqual([6]);
    expect(seqs(await take(byAssignee, 1))).toEqual([5]);
    expect(seqs(await take(byItem, 1))).toEqual([6]);
    expect(f.counts.lookUps).toBe(4);
    await Promise.all([byLabel.return?.(), byAssignee.return?.(), byItem.return?.()]);
    expect(f.listeners.size).toBe(0);
  });

  it('looks facts up once per back-fill page, not per event', async () => {
    const f = fake();
    f.facts.set('i1', { assigneeIds: [], labels: ['api'] });
    f.commitOnly(ev(1), ev(2), ev(3), ev(4), ev(5));
    const stream = itemEventStream(f.source, { filter: { label: 'api' }, after: 0n, pageSize: 10 });
    expect(seqs(await take(stream, 5))).toEqual([1, 2, 3, 4, 5]);
    expect(f.counts.lookUps).toBe(1);
    await stream.return?.();
  });

  it('drops an overflowing buffer and re-reads from its cursor without losing events', async () => {
    const f = fake();
    const stream = itemEventStream(f.source, { filter: {}, after: null, bufferLimit: 3, pageSize: 2 });
    for (let s = 1; s <= 8; s++) f.write(ev(s));
    expect(seqs(await take(stream, 8))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(f.counts.backfills).toBeGreaterThan(0);
    f.write(ev(9));
    expect(seqs(await take(stream, 1))).toEqual([9]);
    await stream.return?.();
  });

  it('unsubscribes on return() even when never read, and on abort while waiting', async () => {
    const f = fake();
    const unread = itemEventStream(f.source, { filter: {}, after: null });
    expect(f.listeners.size).toBe(1);
    await unread.return?.();
    expect(f.listeners.size).toBe(0);

    const ac = new AbortController();
    const waiting = itemEventStream(f.source, { filter: {}, after: null, signal: ac.signal });
    const pending = waiting.next();
    await Promise.resolve();
    ac.abort();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(f.listeners.size).toBe(0);
  });
});
