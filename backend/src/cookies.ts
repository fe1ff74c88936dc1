import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SessionCookie } from '@baton/api';
import { serializeSessionCookie } from '@baton/contracts';
import { requestProtocol, type TrustProxy } from './client-address.ts';

export { SESSION_COOKIE } from '@baton/contracts';

/** The session cookie (contracts/session-cookie.ts says its attributes), Secure behind HTTPS. */
export function sessionCookie(req: IncomingMessage, res: ServerResponse, trust?: TrustProxy): SessionCookie {
  const secure = requestProtocol(req, trust) === 'https';
  // appended: the OAuth callback sets its flow cookies on the same response
  const write = (value: string, expires: Date) => res.appendHeader('set-cookie', serializeSessionCookie(value, expires, secure));
  return { set: (token, expiresAt) => write(token, expiresAt), clear: () => write('', new Date(0)) };
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
