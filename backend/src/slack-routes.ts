import { receiveSlashCommand, type Deps } from '@baton/core';
import express, { type Router } from 'express';
import type { Logger } from './logger.ts';
import { restFailure } from './rest/error-response.ts';

/** A slash command's form is a few hundred bytes (its text at most 4,000 characters); more is answered 413 unread. */
export const SLACK_COMMAND_BODY_LIMIT = '16kb';

/**
 * POST /api/slack/commands/<product key>: Slack's slash command (docs/slack.md). The body is read raw, because the
 * signature is over the exact bytes Slack sent; core verifies, creates the item and words the answer. A thin edge.
 */
export function slackRoutes(deps: Deps & { logger: Logger }): Router {
  const routes = express.Router();
  routes.post('/commands/:key', express.raw({ type: () => true, limit: SLACK_COMMAND_BODY_LIMIT }), async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    try {
      const answer = await receiveSlashCommand(deps, { productKey: String(req.params.key), headers: req.headers, body });
      res.status(answer.status).json(answer.body);
    } catch (e) {
      deps.logger.error('slack command failed', { error: e });
      res.status(500).json({ response_type: 'ephemeral', text: 'Baton could not create the item: an internal error' });
    }
  });
  routes.all('/commands/:key', (req, res) => {
    res.setHeader('allow', 'POST');
    res.status(405).json(restFailure('METHOD_NOT_ALLOWED', `${req.method} is not allowed on a Slack command; Slack POSTs commands`));
  });
  return routes;
}
