import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase64urlNoPadding } from '@oslojs/encoding';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DomainError } from '../errors.ts';
import { createOAuthProviders, listOAuthProviders, startOAuth } from './oauth.ts';
import { checkIdToken } from './oauth-oidc.ts';

const PUBLIC = 'https://baton.example.com';
const google = { clientId: 'g-client.apps.googleusercontent.com', clientSecret: 'g-secret' };
const github = { clientId: 'Iv1.gh-client', clientSecret: 'gh-secret' };
const oidc = { issuer: 'https://sso.example.com/realms/acme', clientId: 'baton', clientSecret: 'o-secret', name: 'Acme SSO' };

const challengeOf = (verifier: string) => encodeBase64urlNoPadding(sha256(new TextEncoder().encode(verifier)));

// nothing here may touch the network; a stray request fails the test instead of hanging it
const fetchMock = vi.fn<typeof fetch>(async (input) => {
  throw new Error(`unexpected fetch ${String(input)}`);
});
beforeEach(() => {
  fetchMock.mockClear();
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return undefined;
}

describe('the provider registry', () => {
  it('enables exactly the configured providers, with their display names', () => {
    expect(createOAuthProviders({ publicUrl: PUBLIC }).size).toBe(0);
    expect([...createOAuthProviders({ publicUrl: PUBLIC, github }).keys()]).toEqual(['github']);
    const all = createOAuthProviders({ publicUrl: PUBLIC, google, github, oidc });
    expect(listOAuthProviders(all)).toEqual([
      { id: 'google', name: 'Google' },
      { id: 'github', name: 'GitHub' },
      { id: 'oidc', name: 'Acme SSO' },
    ]);
    // subjects are unique per issuer only: the generic issuer's accounts are keyed by its URL
    expect(all.get('oidc')!.accountKey).toBe('oidc:https://sso.example.com/realms/acme');
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe('authorization URLs', () => {
  it('Google: code flow with a PKCE S256 challenge, OpenID scopes and our callback', async () => {
    const { url, state, codeVerifier } = await startOAuth(createOAuthProviders({ publicUrl: PUBLIC, google }).get('google')!);
    expect(url.origin + url.pathname).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: google.clientId,
      redirect_uri: `${PUBLIC}/auth/oauth/google/callback`,
      state,
      code_challenge_method: 'S256',
      code_challenge: challengeOf(codeVerifier),
      scope: 'openid email profile',
    });
    expect(state).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(codeVerifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('GitHub: its authorize endpoint with state, PKCE, email scope and our callback', async () => {
    const { url, state, codeVerifier } = await startOAuth(createOAuthProviders({ publicUrl: PUBLIC, github }).get('github')!);
    expect(url.origin + url.pathname).toBe('https://github.com/login/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: github.clientId,
      redirect_uri: `${PUBLIC}/auth/oauth/github/callback`,
      state,
      code_challenge_method: 'S256',
      code_challenge: challengeOf(codeVerifier),
      scope: 'read:user user:email',
    });
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('GitHub: exchanges the code with its verifier and the secret, then reads the verified primary email', async () => {
    const bodies: string[] = [];
    fetchMock.mockImplementation(async (input, init) => {
      const req = input instanceof Request ? input : new Request(input, init);
      if (req.url === 'https://github.com/login/oauth/access_token') {
        bodies.push(await req.text());
        expect(req.headers.get('authorization')).toBe(`Basic ${Buffer.from(`${github.clientId}:${github.clientSecret}`).toString('base64')}`);
        // GitHub's answer to a good code (its documented JSON shape)
        return Response.json({ access_token: 'gho_16C7e42F292c6912E7710c838347Ae178B4a', scope: 'read:user,user:email', token_type: 'bearer' });
      }
      if (req.url === 'https://api.github.com/user') return Response.json({ id: 1, login: 'octocat', name: 'The Octocat' });
      return Response.json([
        { email: 'old@example.com', primary: false, verified: true },
        { email: 'octocat@github.com', primary: true, verified: true },
      ]);
    });
    const p = createOAuthProviders({ publicUrl: PUBLIC, github }).get('github')!;
    const who = await p.identify({ code: 'the-code', codeVerifier: 'v'.repeat(43), iss: null, now: new Date() });
    expect(who).toEqual({ subject: '1', email: 'octocat@github.com', emailVerified: true, name: 'The Octocat' });
    expect(Object.fromEntries(new URLSearchParams(bodies[0]))).toMatchObject({ grant_type: 'authorization_code', code: 'the-code', code_verifier: 'v'.repeat(43) });
  });

  it('GitHub: a refused code (200 with an error, as GitHub answers) is BAD_INPUT, not a crash', async () => {
    fetchMock.mockImplementation(async () =>
      Response.json({ error: 'bad_verification_code', error_description: 'The code passed is incorrect or expired.' }),
    );
    const p = createOAuthProviders({ publicUrl: PUBLIC, github }).get('github')!;
    expect(await codeOf(p.identify({ code: 'stale', codeVerifier: 'v'.repeat(43), iss: null, now: new Date() }))).toBe('BAD_INPUT');
    expect(fetchMock).toHaveBeenCalledTimes(1); // no profile read after a refusal
  });

  it('a fresh state and verifier every time', async () => {
    const p = createOAuthProviders({ publicUrl: PUBLIC, google }).get('google')!;
    const [a, b] = await Promise.all([startOAuth(p), startOAuth(p)]);
    expect(a.state).not.toBe(b.state);
    expect(a.codeVerifier).not.toBe(b.codeVerifier);
  });
});

describe('a generic OIDC issuer', () => {
  const discovery = (over: Record<string, unknown> = {}) => ({
    issuer: oidc.issuer,
    authorization_endpoint: `${oidc.issuer}/protocol/openid-connect/auth`,
    token_endpoint: `${oidc.issuer}/protocol/openid-connect/token`,
    userinfo_endpoint: `${oidc.issuer}/protocol/openid-connect/userinfo`,
    authorization_response_iss_parameter_supported: true,
    ...over,
  });
  const serve = (doc: object) => fetchMock.mockImplementation(async () => Response.json(doc));

  it('discovers the authorization endpoint once and adds PKCE', async () => {
    serve(discovery());
    const p = createOAuthProviders({ publicUrl: PUBLIC, oidc }).get('oidc')!;
    const { url, codeVerifier } = await startOAuth(p);
    await startOAuth(p);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(String(fetchMock.mock.calls[0]![0])).toBe(`${oidc.issuer}/.well-known/openid-configuration`);
    expect(url.origin + url.pathname).toBe(`${oidc.issuer}/protocol/openid-connect/auth`);
    expect(url.searchParams.get('code_challenge')).toBe(challengeOf(codeVerifier));
    expect(url.searchParams.get('redirect_uri')).toBe(`${PUBLIC}/auth/oauth/oidc/callback`);
    expect(url.searchParams.get('scope')).toBe('openid email profile');
  });

  it('refuses a discovery document naming another issuer, and retries discovery after a failure', async () => {
    serve(discovery({ issuer: 'https://evil.example.com' }));
    const p = createOAuthProviders({ publicUrl: PUBLIC, oidc }).get('oidc')!;
    expect(await codeOf(startOAuth(p))).toBe('UNAVAILABLE');
    serve(discovery());
    expect(await codeOf(startOAuth(p))).toBeUndefined();
  });

  it('refuses a callback whose iss is another issuer (mix-up), before exchanging the code', async () => {
    serve(discovery());
    const p = createOAuthProviders({ publicUrl: PUBLIC, oidc }).get('oidc')!;
    expect(await codeOf(p.identify({ code: 'c', codeVerifier: 'v', iss: 'https://evil.example.com', now: new Date() }))).toBe('BAD_INPUT');
    expect(await codeOf(p.identify({ code: 'c', codeVerifier: 'v', iss: null, now: new Date() }))).toBe('BAD_INPUT');
    expect(fetchMock).toHaveBeenCalledTimes(1); // discovery only: no token request
  });

  it('checks the ID token issuer, audience and expiry', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const exp = now.getTime() / 1000 + 300;
    const token = (claims: object) => ({ id_token: ['e30', Buffer.from(JSON.stringify(claims)).toString('base64url'), 'sig'].join('.') });
    const good = { iss: oidc.issuer, sub: 'u1', aud: oidc.clientId, exp, email: 'a@example.com', email_verified: true };
    expect(checkIdToken(token(good), oidc.issuer, oidc.clientId, now, 'SSO')).toMatchObject({ sub: 'u1' });
    for (const bad of [
      { iss: 'https://other' },
      { aud: 'someone-else' },
      { aud: [oidc.clientId, 'other'] },
      { exp: now.getTime() / 1000 - 120 },
      { sub: undefined },
    ]) {
      expect(() => checkIdToken(token({ ...good, ...bad }), oidc.issuer, oidc.clientId, now, 'SSO')).toThrow(DomainError);
    }
    expect(() => checkIdToken({}, oidc.issuer, oidc.clientId, now, 'SSO')).toThrow(/no ID token/);
    expect(() => checkIdToken({ id_token: 'garbage' }, oidc.issuer, oidc.clientId, now, 'SSO')).toThrow(/malformed/);
  });
});
