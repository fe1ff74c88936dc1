import { Forge, forgeName } from '@baton/contracts';
import { receiveForgeDelivery, type Deps } from '@baton/core';
import express, { type Router } from 'express';
import type { Logger } from './logger.ts';
import { restFailure } from './rest/error-response.ts';

/**
 * The largest delivery read. GitHub caps payloads at 25 MB, but the events Baton acts on (pull and merge requests,
 * checks, pipelines) are tens of KB even with a long description; anything past this is answered 413 unread.
 */
export const WEBHOOK_BODY_LIMIT = '1mb';

/**
 * POST /api/webhooks/<github|gitea|gitlab>/<product key>: the body is read raw, because signatures are over the
 * exact bytes the forge sent; core verifies, stores and acts (docs/forges.md). A thin edge: no rule lives here.
 */
export function forgeWebhookRoutes(deps: Deps & { logger: Logger }): Router {
  const routes = express.Router();
  for (const forge of Forge.options) {
    routes.post(`/${forge}/:key`, express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }), async (req, res) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      try {
        const answer = await receiveForgeDelivery(deps, forge, { productKey: String(req.params.key), headers: req.headers, body });
        res.status(answer.status).json(answer.body);
      } catch (e) {
        deps.logger.error(`${forge} delivery failed`, { error: e });
        res.status(500).json({ result: 'Internal error' });
      }
    });
    // any other method: 405 naming the one it has (RFC 9110 Allow), as the REST routes answer; not the web app's login
    routes.all(`/${forge}/:key`, (req, res) => {
      res.setHeader('allow', 'POST');
      res.status(405).json(restFailure('METHOD_NOT_ALLOWED', `${req.method} is not allowed on a ${forgeName[forge]} webhook; ${forgeName[forge]} POSTs deliveries`));
    });
  }
  return routes;
}
