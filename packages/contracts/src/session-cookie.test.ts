import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE, serializeSessionCookie, sessionCookieAttributes } from './session-cookie.ts';

describe('the session cookie', () => {
  const expires = new Date('2030-01-02T03:04:05Z');

  it('is HttpOnly, SameSite=Lax and site-wide, and Secure only over HTTPS', () => {
    expect(SESSION_COOKIE).toBe('baton_session');
    expect(sessionCookieAttributes(true)).toEqual({ path: '/', httpOnly: true, sameSite: 'lax', secure: true });
    expect(sessionCookieAttributes(false).secure).toBe(false);
  });

  it('serializes those attributes as one Set-Cookie value', () => {
    expect(serializeSessionCookie('abc234', expires, true)).toBe(
      'baton_session=abc234; Path=/; Expires=Wed, 02 Jan 2030 03:04:05 GMT; HttpOnly; Secure; SameSite=Lax',
    );
    expect(serializeSessionCookie('abc234', expires, false)).toBe('baton_session=abc234; Path=/; Expires=Wed, 02 Jan 2030 03:04:05 GMT; HttpOnly; SameSite=Lax');
  });

  it('clears with an empty value and the epoch, and encodes what it is given', () => {
    expect(serializeSessionCookie('', new Date(0), false)).toBe('baton_session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax');
    expect(serializeSessionCookie('a;b c', expires, false)).toMatch(/^baton_session=a%3Bb%20c; /);
  });
});
