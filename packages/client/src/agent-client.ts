import type { ItemEventMessage, Lease } from '@baton/contracts';
import { createClient, type BatonClient, type ClientOptions } from './create-client.ts';
import { moreItemHelpers } from './agent-helpers.ts';
import { BatonError } from './errors.ts';

type Fn = (...args: never[]) => unknown;
/** A procedure's input without what the helpers fill in (the product, the item, the idempotency key). */
type Rest<F extends Fn> = Omit<NonNullable<Parameters<F>[0]>, 'productId' | 'ref' | 'idempotencyKey'>;
type C = BatonClient;

export type AgentClientOptions = Omit<ClientOptions, 'productId'> & {
  /** the product every helper works in */
  productId: string;
  /**
   * attempts after the first when the server cannot be reached, its database is down, or it is still running the
   * same write (IN_PROGRESS, after its Retry-After) (default 2)
   */
  retries?: number;
};

/** Enough of a lease to renew or release it (what claim, takeNext and heartbeat return). */
export type LeaseRef = Pick<Lease, 'itemId' | 'fencingToken'>;

export type EventFilter = Rest<C['events']['items']['subscribe']>;

export type EventSubscription = {
  /**
   * resolves once the server has answered: when it accepted, every event published from then on is delivered;
   * when it refused (NOT_FOUND, FORBIDDEN...), `done` rejects right after
   */
  ready: Promise<void>;
  /** resolves after unsubscribe(); rejects with a BatonError when the stream fails for good, or with what onEvent threw */
  done: Promise<void>;
  /** the id after the last event onEvent finished with: pass it as `lastEventId` to resume later */
  readonly lastEventId: string | undefined;
  unsubscribe(): void;
};

export type KeepAlive = {
  /** the latest lease (its expiry moves with every heartbeat) */
  readonly lease: Lease;
  /** stops the heartbeats; `onLost` is never called after this, even for a beat already on its way */
  stop(): void;
  /**
   * stops, then gives the item back with `reason`. Resolves true when released, false when the lease was already
   * gone (LEASE_EXPIRED: nothing left to give back); any other failure is thrown.
   */
  release(reason: string): Promise<boolean>;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Helpers for coding agents over the typed client, scoped to one product. Every helper throws BatonError.
 * Writes carry an idempotency key, so when the server cannot be reached they are retried safely.
 */
export function createAgentClient(opts: AgentClientOptions) {
  const trpc = createClient(opts);
  const { productId } = opts;
  const retries = opts.retries ?? 2;

  async function attempt<T>(call: () => Promise<T>): Promise<T> {
    for (let i = 0; ; i++) {
      try {
        return await call();
      } catch (e) {
        const error = BatonError.from(e, opts.url);
        if (i >= retries) throw error;
        // IN_PROGRESS: this very write (same key) is still running on the server; once it ends, the same call
        // answers its result. Wait as long as the server asks (Retry-After).
        if (error.code === 'IN_PROGRESS') await sleep(1000 * (Number(error.details?.retryAfterSeconds) || 1));
        else if (error.code === 'UNAVAILABLE') await sleep(500 * 4 ** i);
        else throw error;
      }
    }
  }
  const read = attempt;
  /** one key for every attempt: a retry after a lost response returns the first result and changes nothing */
  const write = <T>(call: (idempotencyKey: string) => Promise<T>) => {
    const key = `agent:${globalThis.crypto.randomUUID()}`;
    return attempt(() => call(key));
  };

  const items = {
    ...moreItemHelpers(trpc, productId, read, write),
    list: (filter: Rest<C['items']['list']['query']> = {}) => read(() => trpc.items.list.query({ ...filter, productId })),
    get: (ref: string) => read(() => trpc.items.get.query({ productId, ref })),
    create: (input: Rest<C['items']['create']['mutate']>) =>
      write((idempotencyKey) => trpc.items.create.mutate({ ...input, productId, idempotencyKey })),
    comment: (ref: string, body: string) =>
      write((idempotencyKey) => trpc.items.comments.add.mutate({ productId, ref, body, idempotencyKey })),

    /**
     * the ready queue: open, unblocked, unclaimed items, best first; an item a person was assigned is offered to
     * them only, unless `includeAssigned`
     */
    ready: (filter: Rest<C['queue']['ready']['query']> = {}) => read(() => trpc.queue.ready.query({ ...filter, productId })),
    /** why an item is or is not ready for this agent */
    explain: (ref: string, opts: Rest<C['queue']['explain']['query']> = {}) =>
      read(() => trpc.queue.explain.query({ ...opts, productId, ref })),
    /** claims the best ready item: `{ item, lease }`, or null when nothing is ready */
    takeNext: (filter: Rest<C['queue']['takeNext']['mutate']> = {}) =>
      write((idempotencyKey) => trpc.queue.takeNext.mutate({ ...filter, productId, idempotencyKey })),
    claim: (ref: string, opts: Rest<C['claims']['claim']['mutate']> = {}) =>
      write((idempotencyKey) => trpc.claims.claim.mutate({ ...opts, productId, ref, idempotencyKey })),
    heartbeat: (lease: LeaseRef, opts: { ttlSeconds?: number } = {}) =>
      write((idempotencyKey) =>
        trpc.claims.heartbeat.mutate({ ...opts, productId, ref: lease.itemId, fencingToken: lease.fencingToken, idempotencyKey }),
      ),
    /** gives the item back with `reason`; `usage` (tokens, cost, wall time, run id) is kept on the attempt */
    release: (lease: LeaseRef, reason: string, opts: Omit<Rest<C['claims']['release']['mutate']>, 'fencingToken' | 'reason'> = {}) =>
      write((idempotencyKey) =>
        trpc.claims.release.mutate({ ...opts, productId, ref: lease.itemId, fencingToken: lease.fencingToken, reason, idempotencyKey }),
      ),

    /** the item's context pack (description, checklist, links, comments...) as markdown within `budget` characters */
    context: (ref: string, opts: Rest<C['agent']['context']['query']> = {}) =>
      read(() => trpc.agent.context.query({ ...opts, productId, ref })),
    setStatus: (
      ref: string,
      status: Rest<C['agent']['setStatus']['mutate']>['status'],
      opts: Omit<Rest<C['agent']['setStatus']['mutate']>, 'status'> = {},
    ) => write((idempotencyKey) => trpc.agent.setStatus.mutate({ ...opts, status, productId, ref, idempotencyKey })),
    linkPr: (ref: string, pr: Rest<C['agent']['linkPr']['mutate']>) =>
      write((idempotencyKey) => trpc.agent.linkPr.mutate({ ...pr, productId, ref, idempotencyKey })),
    progress: (ref: string, progress: Rest<C['agent']['progress']['mutate']>) =>
      write((idempotencyKey) => trpc.agent.progress.mutate({ ...progress, productId, ref, idempotencyKey })),

    /**
     * Heartbeats `lease` in the background (by default every third of its remaining time) until stop(). When a
     * heartbeat fails for good (LEASE_EXPIRED: someone else may hold the item now), it stops and tells `onLost`.
     * An unreachable server is not a lost lease: it tells `onUnreachable` and tries again with backoff (1 s, 2 s,
     * 4 s... up to `maxBackoffMs`, 30 s by default), so the lease is renewed as soon as the server answers again;
     * `onRenewed` hears every renewal. `immediate`: the first beat goes out at once (a lease picked up again after
     * a restart: is it still ours?). The timer never keeps the process alive on its own.
     */
    keepAlive(
      lease: Lease,
      opts: {
        ttlSeconds?: number;
        everyMs?: number;
        immediate?: boolean;
        maxBackoffMs?: number;
        onLost?: (e: BatonError) => void;
        onUnreachable?: (e: BatonError) => void;
        onRenewed?: (lease: Lease) => void;
      } = {},
    ): KeepAlive {
      let current = lease;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let stopped = false;
      let failures = 0;
      const schedule = (ms = opts.everyMs ?? Math.max(1_000, (current.leaseExpiresAt.getTime() - Date.now()) / 3)) => {
        if (stopped) return;
        timer = setTimeout(() => void beat(), ms);
        timer.unref?.();
      };
      const beat = async () => {
        try {
          const next = await items.heartbeat(current, opts.ttlSeconds === undefined ? {} : { ttlSeconds: opts.ttlSeconds });
          if (stopped) return;
          current = next;
          failures = 0;
          opts.onRenewed?.(next);
          schedule();
        } catch (e) {
          // stopped while this beat was on its way: the caller is done with the lease and asked for no more news
          if (stopped) return;
          const error = BatonError.from(e);
          if (error.code === 'UNAVAILABLE') {
            // a restart or a network blip: the lease may well still be ours, so keep asking
            opts.onUnreachable?.(error);
            schedule(Math.min(opts.maxBackoffMs ?? 30_000, 1_000 * 2 ** failures++));
            return;
          }
          stopped = true;
          opts.onLost?.(error);
        }
      };
      const stop = () => {
        stopped = true;
        clearTimeout(timer);
      };
      if (opts.immediate) void beat();
      else schedule();
      return {
        get lease() {
          return current;
        },
        stop,
        async release(reason: string) {
          stop();
          try {
            await items.release(current, reason);
            return true;
          } catch (e) {
            if (e instanceof BatonError && e.code === 'LEASE_EXPIRED') return false;
            throw e;
          }
        },
      };
    },
  };

  const events = {
    /**
     * The product's item events, oldest first, narrowed by `itemId`, `assigneeId` ('me' = this key) and `label`.
     * With `lastEventId`, events after it are sent first; dropped connections resume by themselves. `onEvent`
     * runs for one event at a time; if it throws, the subscription ends and `done` rejects with that error.
     */
    subscribe(filter: EventFilter, onEvent: (event: ItemEventMessage) => unknown): EventSubscription {
      let lastEventId = filter.lastEventId;
      let ended = false;
      let handled: Promise<void> = Promise.resolve();
      let settle!: { resolve: () => void; reject: (e: unknown) => void };
      let open!: { resolve: () => void; reject: (e: unknown) => void };
      const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
      const ready = new Promise<void>((resolve, reject) => (open = { resolve, reject }));
      // awaiting them still throws; leaving them unawaited never crashes the process
      done.catch(() => {});
      ready.catch(() => {});

      const end = (error?: unknown) => {
        if (ended) return;
        ended = true;
        subscription.unsubscribe();
        if (error === undefined) {
          open.resolve();
          void handled.then(settle.resolve);
        } else {
          open.reject(error);
          settle.reject(error);
        }
      };
      const subscription = trpc.events.items.subscribe(
        { ...filter, productId },
        {
          onStarted: () => open.resolve(),
          onData: ({ id, data }) => {
            handled = handled
              .then(async () => {
                if (ended) return;
                await onEvent(data);
                lastEventId = id;
              })
              .catch((e: unknown) => end(e));
          },
          onError: (e) => end(BatonError.from(e, opts.url)),
          onComplete: () => end(),
        },
      );
      return {
        ready,
        done,
        get lastEventId() {
          return lastEventId;
        },
        unsubscribe: () => end(),
      };
    },
  };

  return { trpc, url: opts.url, productId, items, events };
}

export type AgentClient = ReturnType<typeof createAgentClient>;
