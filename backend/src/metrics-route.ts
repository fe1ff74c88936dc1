import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Metrics } from './metrics.ts';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
/** Headers a reverse proxy adds: a request that came through one is not the host's own scraper. */
const FORWARDED = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * GET /metrics (Prometheus text format). Metrics tell an outsider about load, users and failures, so they are not
 * public: with METRICS_TOKEN set, `Authorization: Bearer <token>` is required (compared in constant time); without
 * it, only a scraper on this host may read them (a loopback address, and no proxy headers: a proxy on the same
 * host connects from loopback too). docs/operations.md.
 */
export function metricsRoute(metrics: Metrics, token: string | undefined) {
  return async (req: Request, res: Response) => {
    if (token) {
      const given = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim() ?? '';
      if (!timingSafeEqual(digest(given), digest(token))) {
        res.setHeader('www-authenticate', 'Bearer realm="metrics"');
        res.status(401).json({ error: { message: 'Metrics need Authorization: Bearer <METRICS_TOKEN>' } });
        return;
      }
    } else if (!LOOPBACK.test(req.socket.remoteAddress ?? '') || FORWARDED.some((h) => req.headers[h] !== undefined)) {
      res.status(403).json({ error: { message: 'Metrics are served to this host only; set METRICS_TOKEN to scrape them from elsewhere' } });
      return;
    }
    res.setHeader('content-type', metrics.registry.contentType);
    res.setHeader('cache-control', 'no-store');
    res.send(await metrics.registry.metrics());
  };
}
