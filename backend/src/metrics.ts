import { countActiveLeases, type Deps } from '@baton/core';
import { poolUse } from '@baton/db';
import type { JobQueue } from '@baton/jobs';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

// Prometheus metrics (prom-client), one registry per app: tests run several apps in one process, and the default
// global registry would refuse the second app's metrics. docs/operations.md lists every metric and how to scrape.

export type Metrics = {
  registry: Registry;
  /** one finished request: `route` is a procedure (`trpc:items.list`) or an Express route pattern, never a raw path */
  request(route: string, method: string, status: number, seconds: number | null): void;
  /** an event stream (SSE subscription) opened; the returned function closes it */
  streamOpened(procedure: string): () => void;
  /** a job attempt failed (it may be retried; the jobs gauge counts the ones that failed for good) */
  jobFailed(queue: string): void;
};

/** Latency buckets, seconds: API calls take milliseconds, a slow page or import seconds. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(sources: { deps: Pick<Deps, 'db' | 'clock'>; jobs: () => JobQueue | null }): Metrics {
  const registry = new Registry();
  // process memory, CPU, handles, GC and event-loop lag (nodejs_eventloop_lag_*), under their standard names
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({ name: 'baton_http_requests_total', help: 'Requests answered, by route or procedure, method and status', labelNames: ['route', 'method', 'status'], registers: [registry] });
  const errors = new Counter({ name: 'baton_http_request_errors_total', help: 'Requests answered 5xx, by route or procedure', labelNames: ['route', 'method', 'status'], registers: [registry] });
  const latency = new Histogram({ name: 'baton_http_request_duration_seconds', help: 'Time to answer, by route or procedure (event streams excluded)', labelNames: ['route', 'method'], buckets: BUCKETS, registers: [registry] });
  const streams = new Gauge({ name: 'baton_sse_subscribers', help: 'Open event streams (SSE subscriptions), by procedure', labelNames: ['procedure'], registers: [registry] });
  const jobFailures = new Counter({ name: 'baton_job_attempt_failures_total', help: 'Job attempts that failed in this process, by queue', labelNames: ['queue'], registers: [registry] });
  // read when scraped: what the database says now, not what this process last saw
  new Gauge({
    name: 'baton_db_pool_connections',
    help: 'The database pool of this process: connections open, idle, and calls waiting for one',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const use = poolUse(sources.deps.db);
      if (!use) return;
      this.set({ state: 'total' }, use.total);
      this.set({ state: 'idle' }, use.idle);
      this.set({ state: 'waiting' }, use.waiting);
      this.set({ state: 'max' }, use.max);
    },
  });
  new Gauge({
    name: 'baton_jobs',
    help: 'Jobs in the durable queue, by queue and state (created and retry are waiting; failed ran out of retries)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      const queue = sources.jobs();
      if (!queue) return;
      this.reset();
      for (const c of await queue.counts().catch(() => [])) this.set({ queue: c.name, state: c.state }, c.count);
    },
  });
  new Gauge({
    name: 'baton_active_leases',
    help: 'Claims holding a live lease',
    registers: [registry],
    async collect() {
      const n = await countActiveLeases(sources.deps).catch(() => null);
      if (n !== null) this.set(n);
    },
  });
  return {
    registry,
    request(route, method, status, seconds) {
      const labels = { route, method, status: String(status) };
      requests.inc(labels);
      if (status >= 500) errors.inc(labels);
      if (seconds !== null) latency.observe({ route, method }, seconds);
    },
    streamOpened(procedure) {
      streams.inc({ procedure });
      let open = true;
      return () => {
        if (open) streams.dec({ procedure });
        open = false;
      };
    },
    jobFailed: (queue) => jobFailures.inc({ queue }),
  };
}
