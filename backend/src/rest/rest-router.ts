import type { Deps } from '@baton/core';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { parseCookies, SESSION_COOKIE } from '../cookies.ts';
import type { Logger } from '../logger.ts';
import { createContext } from '../trpc-context.ts';
import { coerceBody, coerceQuery, inputShape } from './coerce.ts';
import { restError, restFailure } from './error-response.ts';
import { openApiDocument } from './openapi.ts';
import { callProcedure, procedureAt } from './procedures.ts';
import { REST_ROUTES, type RestRoute } from './routes.ts';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The procedure's input from the request: query (GET) or body, then path params; headers for product and idempotency. */
function buildInput(route: RestRoute, shape: ReturnType<typeof inputShape>, req: Request): Record<string, unknown> | string {
  const query = coerceQuery(req.query as Record<string, unknown>, shape);
  let input: Record<string, unknown>;
  if (route.method === 'get') input = query;
  else {
    const body: unknown = req.body ?? {};
    if (!isObject(body)) return 'The body must be a JSON object';
    // writes take their fields from the body: any other query parameter would be ignored, so it is refused
    const stray = Object.keys(query).filter((k) => k !== 'productId');
    if (stray.length) return `Unknown query parameter ${stray.map((k) => JSON.stringify(k)).join(', ')}: send fields in the JSON body`;
    input = { ...(query.productId !== undefined && { productId: query.productId }), ...coerceBody(body, shape) };
  }
  const key = req.headers['idempotency-key'];
  if (typeof key === 'string' && 'idempotencyKey' in shape) input.idempotencyKey = key;
  return { ...input, ...req.params };
}

function handler(deps: Deps & { logger: Logger }, route: RestRoute, shape: ReturnType<typeof inputShape>) {
  return async (req: Request, res: Response) => {
    req.cookies = parseCookies(req.headers.cookie);
    // a body in another type would be read as no body at all; and a browser session writing through a plain form
    // would be a cross-site request: require JSON (which needs CORS)
    const sendsBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    const cookieWrite = !req.headers.authorization && req.cookies[SESSION_COOKIE];
    if (route.method !== 'get' && (sendsBody || cookieWrite) && !req.is('application/json')) {
      const sent = req.headers['content-type'] ? `Content-Type ${req.headers['content-type']}` : 'no Content-Type';
      res.status(415).json(restFailure('UNSUPPORTED_MEDIA_TYPE', `The body must be JSON: send Content-Type: application/json (this request sent ${sent})`));
      return;
    }
    const input = buildInput(route, shape, req);
    if (typeof input === 'string') {
      res.status(400).json(restFailure('BAD_INPUT', input));
      return;
    }
    try {
      const ctx = await createContext(deps, req, res);
      // productId comes from the query or body, else x-product-id; a key or an id, resolved by the procedure (as on /trpc)
      const result = await callProcedure(ctx, route.procedure, input);
      res.status(route.status ?? 200).json(result ?? null);
    } catch (e) {
      const { status, body, internal } = restError(e);
      if (internal) deps.logger.error('procedure failed', { path: route.procedure, error: e });
      const retry = body.error.details?.retryAfterSeconds;
      if (typeof retry === 'number') res.setHeader('retry-after', String(retry));
      res.status(status).json(body);
    }
  };
}

/** Each route path with the methods it answers (GET routes answer HEAD too, as Express does). */
function methodsByPath(): Map<string, string[]> {
  const byPath = new Map<string, string[]>();
  for (const r of REST_ROUTES) {
    const methods = byPath.get(r.path) ?? [];
    methods.push(...(r.method === 'get' ? ['GET', 'HEAD'] : [r.method.toUpperCase()]));
    byPath.set(r.path, methods);
  }
  return byPath;
}

/**
 * REST for agents that do not speak tRPC: `/api/agent/...` (one route per row of routes.ts, each calling its
 * procedure through createCaller with the context /trpc builds) and `/api/openapi.json`. Mounted at /api.
 */
export function restApi(deps: Deps & { logger: Logger }): Router {
  const api = express.Router();
  api.use((_req, res, next) => {
    res.setHeader('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    next();
  });
  api.get('/openapi.json', (req, res) => {
    res.json(openApiDocument(`${req.protocol}://${req.host}`));
  });

  const agent = express.Router();
  agent.use(express.json({ limit: '1mb' }));
  for (const route of REST_ROUTES) {
    const procedure = procedureAt(route.procedure);
    if (!procedure) {
      // the route-table test fails on this; a running server keeps serving the other routes
      deps.logger.warn('REST route names a missing procedure', {
        route: `${route.method.toUpperCase()} ${route.path}`,
        procedure: route.procedure,
      });
      continue;
    }
    agent[route.method](route.path, handler(deps, route, inputShape(procedure.inputs)));
  }
  // a known path asked with another method: 405 naming the methods it has (RFC 9110 Allow)
  for (const [path, methods] of methodsByPath()) {
    agent.all(path, (req, res) => {
      res.setHeader('allow', methods.join(', '));
      res.status(405).json(restFailure('METHOD_NOT_ALLOWED', `${req.method} is not allowed on /api/agent${req.path}; use ${methods.join(' or ')}`));
    });
  }
  agent.use((req, res) => {
    res.status(404).json(restFailure('NOT_FOUND', `No route ${req.method} /api/agent${req.path}`));
  });
  // body-parser failures (malformed JSON, too large) in the same envelope
  agent.use((err: Error & { status?: number }, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent || !err.status || err.status >= 500) return next(err);
    res.status(err.status).json(restFailure(err.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_INPUT', err.message));
  });
  api.use('/agent', agent);
  return api;
}
