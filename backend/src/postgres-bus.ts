import { randomUUID } from 'node:crypto';
import { createInProcessBus, type EventBus, type ItemEvent } from '@baton/core';
import pg from 'pg';

/**
 * The event bus of replicas on one PostgreSQL (docs/events.md, "Replicas"): what one replica publishes reaches
 * every other replica's subscribers through LISTEN/NOTIFY, and this replica's own subscribers at once, in process.
 *
 * - One dedicated connection LISTENs (LISTEN belongs to a session, so not a pooled one); a second one sends, so
 *   publishing keeps working while the listener reconnects, and its NOTIFYs go out in publish order.
 * - A notification carries this process's origin id; a replica skips its own (it delivered them already).
 * - NOTIFY payloads stop at 8,000 bytes: events go in batches that stay under that.
 * - The listener reconnects with backoff. Notifications sent while it was away are lost, so once it listens again
 *   it tells everyone who may have missed one: item streams re-read from their cursor (onGap), access caches
 *   empty themselves and open streams check their callers, bells recount.
 */
export type PostgresBus = EventBus & { close(): Promise<void> };

const CHANNEL = 'baton_bus';
const PAYLOAD_LIMIT = 7_500;

type Message =
  | { o: string; t: 'items'; e: Array<Omit<ItemEvent, 'at'> & { at: string }> }
  | { o: string; t: 'access' }
  | { o: string; t: 'notified'; u: string[] };

export async function createPostgresBus(opts: {
  url: string;
  onError?: (error: unknown) => void;
  /** first wait before listening again (doubling up to 5 s) */
  reconnectMs?: number;
  /** tells this replica's sessions apart in pg_stat_activity (baton-bus-listen-<name>) */
  name?: string;
}): Promise<PostgresBus> {
  const origin = randomUUID();
  const local = createInProcessBus();
  const gapListeners = new Map<() => void, number>();
  const bellUsers = new Map<string, number>();
  const onError = (e: unknown) => opts.onError?.(e);
  const count = <K>(m: Map<K, number>, k: K, by: number) => {
    const n = (m.get(k) ?? 0) + by;
    if (n > 0) m.set(k, n);
    else m.delete(k);
  };

  const sender = new pg.Pool({ connectionString: opts.url, max: 1, application_name: `baton-bus-send${opts.name ? `-${opts.name}` : ''}` });
  sender.on('error', onError);
  let closed = false;
  const send = (m: Message) => {
    if (closed) return;
    sender.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(m)]).catch(onError);
  };

  function deliver(raw: string | undefined) {
    let m: Message;
    try {
      m = JSON.parse(raw ?? '') as Message;
    } catch (e) {
      return onError(e);
    }
    if (m.o === origin) return;
    if (m.t === 'items') local.publish(m.e.map((e) => ({ ...e, at: new Date(e.at) })));
    else if (m.t === 'access') local.publishAccessChange();
    else if (m.t === 'notified') local.publishNotified(m.u);
  }

  /** After a reconnect: whatever was published meanwhile may be missing here. */
  function gap() {
    for (const listener of gapListeners.keys()) listener();
    local.publishAccessChange();
    local.publishNotified([...bellUsers.keys()]);
  }

  let listener: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  async function listen(): Promise<void> {
    const client = new pg.Client({ connectionString: opts.url, application_name: `baton-bus-listen${opts.name ? `-${opts.name}` : ''}` });
    client.on('notification', (n) => deliver(n.payload));
    client.on('error', (e) => {
      onError(e);
      lose(client);
    });
    client.on('end', () => lose(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (e) {
      client.removeAllListeners('end');
      await client.end().catch(() => {});
      throw e;
    }
    listener = client;
  }
  function lose(client: pg.Client) {
    if (closed || listener !== client) return;
    listener = null;
    client.removeAllListeners('end');
    client.end().catch(() => {});
    listenAgain(opts.reconnectMs ?? 250);
  }
  function listenAgain(delay: number) {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      listen().then(gap, (e: unknown) => {
        onError(e);
        listenAgain(Math.min(delay * 2, 5_000));
      });
    }, delay);
  }
  await listen();

  return {
    publish(events) {
      local.publish(events);
      for (const batch of batches(events.map((e) => ({ ...e, at: e.at.toISOString() })))) send({ o: origin, t: 'items', e: batch });
    },
    subscribe(productId, fn, onGap) {
      const off = local.subscribe(productId, fn);
      if (onGap) count(gapListeners, onGap, 1);
      return () => {
        off();
        if (onGap) count(gapListeners, onGap, -1);
      };
    },
    publishAccessChange() {
      local.publishAccessChange();
      send({ o: origin, t: 'access' });
    },
    onAccessChange: (fn) => local.onAccessChange(fn),
    publishNotified(userIds) {
      local.publishNotified(userIds);
      for (const batch of batches(userIds)) send({ o: origin, t: 'notified', u: batch });
    },
    onNotified(userId, fn) {
      const off = local.onNotified(userId, fn);
      count(bellUsers, userId, 1);
      return () => {
        off();
        count(bellUsers, userId, -1);
      };
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const l = listener;
      listener = null;
      l?.removeAllListeners('end');
      await Promise.allSettled([l?.end(), sender.end()]);
    },
  };
}

/** Consecutive runs of `items` whose JSON stays under NOTIFY's payload limit (with room for the envelope). */
function batches<T>(items: T[]): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const item of items) {
    const n = Buffer.byteLength(JSON.stringify(item)) + 1;
    if (current.length && size + n > PAYLOAD_LIMIT - 100) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += n;
  }
  if (current.length) out.push(current);
  return out;
}
