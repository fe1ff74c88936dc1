import { TRPC_CODE, toErrorBody } from '@baton/api';
import { DomainError, finishOAuth, listOAuthProviders, startOAuth, type Deps, type OAuthProviders } from '@baton/core';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { TrustProxy } from './client-address.ts';
import { parseCookies, sessionCookie } from './cookies.ts';
import type { Logger } from './logger.ts';

const STATE_COOKIE = 'baton_oauth_state';
const VERIFIER_COOKIE = 'baton_oauth_verifier';
// only the callback needs them, and only for as long as someone takes to sign in at the provider
const FLOW_COOKIE = { httpOnly: true, sameSite: 'lax' as const, path: '/auth/oauth' };
const FLOW_TTL_MS = 10 * 60_000;

const CallbackQuery = z.object({
  code: z.string().max(4096).optional(),
  state: z.string().max(512).optional(),
  iss: z.string().max(2048).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
});

/**
 * Browser sign-in with Google, GitHub or an OIDC issuer, under /auth/oauth:
 * `GET /providers` (for the login page), `GET /:provider/start`, `GET /:provider/callback`.
 */
export function oauthRoutes(deps: Deps & { logger: Logger; trustProxy?: TrustProxy }, providers: OAuthProviders): Router {
  const router = Router();
  router.use((_req, res, next) => {
    res.setHeader('cache-control', 'no-store');
    next();
  });

  router.get('/providers', (_req, res) => {
    res.json(listOAuthProviders(providers));
  });

  router.get('/:provider/start', async (req, res) => {
    const provider = providers.get(req.params.provider);
    if (!provider) return fail(res, unknownProvider(req.params.provider));
    try {
      const { url, state, codeVerifier } = await startOAuth(provider);
      res.cookie(STATE_COOKIE, state, { ...FLOW_COOKIE, maxAge: FLOW_TTL_MS, secure: req.secure });
      res.cookie(VERIFIER_COOKIE, codeVerifier, { ...FLOW_COOKIE, maxAge: FLOW_TTL_MS, secure: req.secure });
      res.redirect(302, url.href);
    } catch (e) {
      failOrThrow(req, res, e);
    }
  });

  router.get('/:provider/callback', async (req, res) => {
    const provider = providers.get(req.params.provider);
    if (!provider) return fail(res, unknownProvider(req.params.provider));
    const cookies = parseCookies(req.headers.cookie);
    // one attempt per start: whatever happens next, the flow cookies are spent
    res.clearCookie(STATE_COOKIE, { ...FLOW_COOKIE, secure: req.secure });
    res.clearCookie(VERIFIER_COOKIE, { ...FLOW_COOKIE, secure: req.secure });
    const query = CallbackQuery.safeParse(req.query);
    if (!query.success) return fail(res, new DomainError('BAD_INPUT', 'The sign-in response is malformed; start sign-in again'));
    const q = query.data;
    if (q.error) {
      const reason = q.error_description ? `${q.error}: ${q.error_description}` : q.error;
      return fail(res, new DomainError('BAD_INPUT', `Sign-in with ${provider.name} did not complete (${reason})`, { reason: q.error }));
    }
    const expected = cookies[STATE_COOKIE];
    const codeVerifier = cookies[VERIFIER_COOKIE];
    if (!expected || !codeVerifier || !q.state || q.state !== expected) {
      return fail(
        res,
        new DomainError('BAD_INPUT', 'The sign-in state does not match this browser (expired, or started elsewhere); start sign-in again', {
          reason: 'state_mismatch',
        }),
      );
    }
    if (!q.code) return fail(res, new DomainError('BAD_INPUT', `${provider.name} sent no authorization code; start sign-in again`));
    try {
      const session = await finishOAuth(
        deps,
        provider,
        { code: q.code, codeVerifier, iss: q.iss ?? null },
        { ip: req.ip ?? null, userAgent: req.headers['user-agent'] ?? null },
      );
      sessionCookie(req, res, deps.trustProxy).set(session.token, session.expiresAt);
      res.redirect(302, session.mfaRequired ? '/login/mfa' : '/');
    } catch (e) {
      failOrThrow(req, res, e);
    }
  });

  /** Expected failures answer their status with the reason; anything else is a bug for the app's 500 handler. */
  function failOrThrow(req: Request, res: Response, e: unknown) {
    if (!(e instanceof DomainError)) throw e;
    if (e.code === 'UNAVAILABLE') deps.logger.warn('sign-in provider failed', { path: req.path, error: e.message });
    fail(res, e);
  }
  return router;
}

const unknownProvider = (id: string) => new DomainError('NOT_FOUND', `No sign-in provider "${id.slice(0, 40)}" is configured`);

/** The same error body as /trpc for scripts; a short page for a browser that lands here. */
function fail(res: Response, e: DomainError) {
  const error = new TRPCError({ code: TRPC_CODE[e.code], message: e.message, cause: e });
  const status = getHTTPStatusCodeFromError(error);
  res.status(status);
  const json = () => res.json({ error: { message: e.message, data: { httpStatus: status, baton: toErrorBody(error) } } });
  res.format({
    json,
    html: () => {
      res.setHeader('content-security-policy', "default-src 'none'");
      res.send(
        `<!doctype html><meta charset="utf-8"><title>Sign-in failed</title><p>${escapeHtml(e.message)}</p><p><a href="/login">Back to sign-in</a></p>`,
      );
    },
    default: json,
  });
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
