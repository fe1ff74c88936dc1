import type { Request, Response } from 'express';
import type { SessionCookie } from '@baton/api';

export const SESSION_COOKIE = 'baton_session';

/** HttpOnly, SameSite=Lax, Secure behind HTTPS: the session token is never readable by page scripts. */
export function sessionCookie(req: Request, res: Response): SessionCookie {
  const secure = req.secure;
  return {
    set: (token, expiresAt) => res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: expiresAt }),
    clear: () => res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: '/' }),
  };
}

/** Minimal cookie parsing (one header, no signing): avoids a dependency for five lines. */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of header?.split(';') ?? []) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    try {
      out[k] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      // a malformed cookie is ignored, not a 500
    }
  }
  return out;
}
