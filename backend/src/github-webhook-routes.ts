import { receiveGithubDelivery, type Deps } from '@baton/core';
import express, { type Router } from 'express';
import type { Logger } from './logger.ts';
import { restFailure } from './rest/error-response.ts';

/**
 * The largest delivery read. GitHub caps payloads at 25 MB, but the events Baton acts on (pull requests, checks,
 * workflow runs) are tens of KB even with a long PR description; anything past this is answered 413 unread.
 */
export const GITHUB_BODY_LIMIT = '1mb';

/**
 * POST /api/webhooks/github/<product key>: the body is read raw, because the signature is over the exact bytes
 * GitHub sent; core verifies, stores and acts (docs/github.md). A thin edge: no rule lives here.
 */
export function githubWebhookRoutes(deps: Deps & { logger: Logger }): Router {
  const routes = express.Router();
  routes.post('/github/:key', express.raw({ type: () => true, limit: GITHUB_BODY_LIMIT }), async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    try {
      const answer = await receiveGithubDelivery(deps, { productKey: String(req.params.key), headers: req.headers, body });
      res.status(answer.status).json(answer.body);
    } catch (e) {
      deps.logger.error('github delivery failed', { error: e });
      res.status(500).json({ result: 'Internal error' });
    }
  });
  // any other method: 405 naming the one it has (RFC 9110 Allow), as the REST routes answer; not the web app's login
  routes.all('/github/:key', (req, res) => {
    res.setHeader('allow', 'POST');
    res.status(405).json(restFailure('METHOD_NOT_ALLOWED', `${req.method} is not allowed on a GitHub webhook; GitHub POSTs deliveries`));
  });
  return routes;
}
