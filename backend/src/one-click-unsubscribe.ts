import { unsubscribe, type Deps } from '@baton/core';
import express, { type NextFunction, type Request, type Response } from 'express';

const form = express.urlencoded({ extended: false, limit: '1kb' });

/**
 * One-click unsubscribe (RFC 8058): notifications carry `List-Unsubscribe: <…/unsubscribe/TOKEN>` and
 * `List-Unsubscribe-Post: List-Unsubscribe=One-Click`, and the mail client POSTs `List-Unsubscribe=One-Click` to
 * that link from its own servers, with no Origin header. SvelteKit's CSRF check refuses any form POST without a
 * matching Origin (403), so such a POST is answered here; a browser's POST (which always carries an Origin) goes
 * on to the page's own form action. The token is the whole authority either way, as in the page.
 */
export function oneClickUnsubscribe(deps: Deps) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.headers.origin) return next();
    form(req, res, async (err?: unknown) => {
      if (err) return next(err);
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (body['List-Unsubscribe'] !== 'One-Click') {
        res.status(400).type('text/plain').send('List-Unsubscribe: expected "One-Click" (RFC 8058)');
        return;
      }
      try {
        await unsubscribe(deps, String(req.params.token));
        res.status(200).type('text/plain').send('Unsubscribed');
      } catch (e) {
        if ((e as { code?: unknown })?.code === 'NOT_FOUND') {
          res.status(404).type('text/plain').send('This unsubscribe link is not valid');
          return;
        }
        next(e);
      }
    });
  };
}
