import { errorOf } from '@baton/client';
import { error, type Cookies } from '@sveltejs/kit';
import { anonymousApi } from './api';

/** The confirmed-email credential of a visitor (see core/public/voter-token.ts), kept for 180 days. */
export const VOTER_COOKIE = 'baton_voter';

export const voterToken = (cookies: Cookies): string | undefined => {
  const t = cookies.get(VOTER_COOKIE);
  return t && t.length >= 20 && t.length <= 100 ? t : undefined;
};

export function setVoterCookie(cookies: Cookies, url: URL, token: string): void {
  cookies.set(VOTER_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:', maxAge: 180 * 86_400 });
}

export function clearVoterCookie(cookies: Cookies, url: URL): void {
  cookies.delete(VOTER_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:' });
}

/** Public pages talk to the API as nobody: the visitor's address still travels for rate limits. */
export const publicApi = anonymousApi;

/**
 * Runs a public read; NOT_FOUND (missing, private, board off) becomes the same 404 page for all of them, and a
 * malformed address (BAD_INPUT) is a 404 too: there is nothing at that URL.
 */
export async function orNotFound<T>(read: () => Promise<T>, what = 'Page'): Promise<T> {
  try {
    return await read();
  } catch (e) {
    const code = errorOf(e)?.code;
    if (code === 'NOT_FOUND' || code === 'BAD_INPUT') error(404, `${what} not found`);
    if (code === 'RATE_LIMITED') error(429, 'Too many requests; try again in a minute');
    throw e;
  }
}
