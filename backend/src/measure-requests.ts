import type { IncomingMessage, ServerResponse } from 'node:http';
import { appRouter } from '@baton/api';
import type { Request } from 'express';
import { API_PREFIX } from './trpc-handler.ts';
import type { Metrics } from './metrics.ts';

type Procedures = Record<string, { _def: { type: string } } | undefined>;
const procedures = appRouter._def.procedures as unknown as Procedures;

/**
 * The procedures a /trpc request calls, by their names (a batch names several). A name the router does not have is
 * `unknown`: callers choose the path, and must not be able to mint label values.
 */
export function trpcProcedures(url: string | undefined): string[] {
  let path = (url ?? '').slice(API_PREFIX.length).split('?')[0] ?? '';
  try {
    path = decodeURIComponent(path);
  } catch {
    return ['unknown'];
  }
  return path.split(',').map((p) => (procedures[p] ? p : 'unknown'));
}

const seconds = (started: number) => (performance.now() - started) / 1000;

/** Counts and times each /trpc call per procedure; an open subscription (SSE) counts as a subscriber until it closes. */
export function measureTrpc(metrics: Metrics) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const started = performance.now();
    const names = trpcProcedures(req.url);
    const streams = names.filter((n) => procedures[n]?._def.type === 'subscription').map((n) => metrics.streamOpened(n));
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      streams.forEach((close) => close());
      // a stream's duration is how long someone watched, not how fast it answered: counted, not timed
      for (const n of names) metrics.request(`trpc:${n}`, req.method ?? 'GET', res.statusCode, streams.length ? null : seconds(started));
    };
    res.on('finish', finish);
    res.on('close', finish);
    next();
  };
}

/**
 * Counts and times each request Express answers, by the route that matched (`/api/webhooks/github/:key`), read
 * when it finishes; what no route matched is the web app's page or asset (`web`), or nothing (`unmatched`).
 */
export function measureExpress(metrics: Metrics, hasWeb: boolean) {
  return (req: Request, res: ServerResponse, next: () => void) => {
    const started = performance.now();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : hasWeb ? 'web' : 'unmatched';
      metrics.request(route, req.method, res.statusCode, seconds(started));
    };
    res.on('finish', finish);
    res.on('close', finish);
    next();
  };
}
