import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pathOf } from './client-address.ts';
import { requestScope, type Logger } from './logger.ts';

/**
 * Every request gets an id (the caller's `x-request-id`, else a new one), echoed in the response and carried
 * into each log line written while it is handled; one line per request when it finishes. Connect-style, so
 * Express (app.ts) and the API's own handler (trpc-handler.ts) share it.
 */
export function trackRequests(logger: Logger) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const given = req.headers['x-request-id'];
    const requestId = (typeof given === 'string' && given.slice(0, 64)) || randomUUID();
    res.setHeader('x-request-id', requestId);
    const started = performance.now();
    res.on('finish', () => {
      requestScope.run({ requestId }, () =>
        logger.info('request', { method: req.method, path: pathOf(req), status: res.statusCode, ms: Math.round(performance.now() - started) }),
      );
    });
    requestScope.run({ requestId }, next);
  };
}
