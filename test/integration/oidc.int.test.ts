import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, createLogger } from '@baton/backend';
import { createClient, errorOf } from '@baton/client';
import { createOAuthProviders } from '@baton/core';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, testDb, testDeps } from '../support/builders.ts';
import { CookieJar } from '../support/cookie-jar.ts';

// A real OpenID provider (oidc-provider, with its development login/consent pages) and the real app, both on
// 127.0.0.1 with ephemeral ports, driven like a browser would: fetch, manual redirects and a cookie jar.

const db = testDb();
const CLIENT = { id: 'baton-test', secret: 'baton-test-secret-0123456789abcdef' };
type Person = { email: string; email_verified: boolean; name: string };
const people = new Map<string, Person>();

let appServer: Server;
let idpServer: Server;
let appUrl: string;
let issuer: string;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  // both servers listen first: the issuer must be the provider's own URL, the redirect URI the app's
  appServer = createServer();
  idpServer = createServer();
  appUrl = await listen(appServer);
  issuer = await listen(idpServer);

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT.id,
        client_secret: CLIENT.secret,
        redirect_uris: [`${appUrl}/auth/oauth/oidc/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    // refuse any authorization request without a PKCE challenge, so the test proves the app sends one
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    findAccount: (_ctx, id) => {
      const person = people.get(id);
      return person && { accountId: id, claims: () => ({ sub: id, ...person }) };
    },
    // the built-in login and consent pages (development only: any login name, any password)
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['oidc-test-cookie-key'] },
  });
  idpServer.on('request', provider.callback());

  const oauth = createOAuthProviders({
    publicUrl: appUrl,
    oidc: { issuer, clientId: CLIENT.id, clientSecret: CLIENT.secret, name: 'Test SSO' },
  });
  appServer.on('request', createApp({ ...testDeps(db), logger: createLogger('silent'), oauth }));
});

afterAll(async () => {
  for (const s of [appServer, idpServer]) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  await db.$disconnect();
});

function person(overrides: Partial<Person> = {}): { subject: string } & Person {
  const subject = `sub-${randomUUID()}`;
  const p = { email: `${subject}@sso.example.test`, email_verified: true, name: `Person ${subject.slice(4, 12)}`, ...overrides };
  people.set(subject, p);
  return { subject, ...p };
}

const isRedirect = (res: Response) => res.status >= 300 && res.status < 400;
const formField = (html: string, name: string) => html.match(new RegExp(`name="${name}" value="([^"]*)"`))?.[1];

/**
 * Starts sign-in at the app, follows the provider's redirects, fills its login form as `subject` and its consent
 * form, and returns the app's answer on the callback. `onInteraction` may cut in (for example to abort).
 */
async function signIn(
  subject: string,
  opts: { jar?: CookieJar; onInteraction?: (page: URL, jar: CookieJar) => Promise<Response | null> } = {},
) {
  const jar = opts.jar ?? new CookieJar();
  const start = await jar.fetch(`${appUrl}/auth/oauth/oidc/start`);
  expect(start.status).toBe(302);
  let res = start;
  for (let hop = 0; hop < 20; hop++) {
    if (new URL(res.url).pathname === '/auth/oauth/oidc/callback') return { res, jar, start };
    if (isRedirect(res)) {
      res = await jar.fetch(new URL(res.headers.get('location')!, res.url));
      continue;
    }
    expect(res.status, await res.clone().text()).toBe(200);
    const page = new URL(res.url);
    const cut = await opts.onInteraction?.(page, jar);
    if (cut) {
      res = cut;
      continue;
    }
    const html = await res.text();
    const prompt = formField(html, 'prompt');
    const action = html.match(/<form[^>]*action="([^"]+)"/)?.[1];
    if (!prompt || !action) throw new Error(`unexpected page at ${page.href}:\n${html.slice(0, 500)}`);
    const body = new URLSearchParams(prompt === 'login' ? { prompt, login: subject, password: 'any' } : { prompt });
    res = await jar.fetch(new URL(action, page), { method: 'POST', body });
  }
  throw new Error('too many redirects');
}

const sessionToken = (jar: CookieJar) => jar.get(appUrl, 'baton_session');

describe('OIDC sign-in against a real OpenID provider', () => {
  it('lists the configured provider for the login page', async () => {
    const res = await fetch(`${appUrl}/auth/oauth/providers`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([{ id: 'oidc', name: 'Test SSO' }]);
  });

  it('starts with PKCE and state, signs a new user in, and auth.me answers over HTTP', async () => {
    const alice = person();
    const { res, jar, start } = await signIn(alice.subject);

    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.origin).toBe(issuer);
    expect(authorize.searchParams.get('client_id')).toBe(CLIENT.id);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('scope')).toBe('openid email profile');
    expect(start.headers.getSetCookie().join('\n')).toMatch(/baton_oauth_state=.*HttpOnly/i);

    expect(res.status, await res.clone().text()).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    expect(res.headers.getSetCookie().join('\n')).toMatch(/baton_session=[a-z2-7]{32};.*HttpOnly/i);
    const token = sessionToken(jar);
    expect(token).toBeTruthy();
    // the flow cookies are spent
    expect(jar.get(appUrl, 'baton_oauth_state')).toBeUndefined();

    const me = await createClient({ url: appUrl, token }).auth.me.query();
    expect(me).toMatchObject({ email: alice.email, name: alice.name, mfaEnabled: false });
    const user = await db.user.findUniqueOrThrow({
      where: { email: alice.email },
      select: { passwordHash: true, oauthAccounts: { select: { provider: true, providerUserId: true } } },
    });
    expect(user.passwordHash).toBeNull();
    expect(user.oauthAccounts).toEqual([{ provider: `oidc:${issuer}`, providerUserId: alice.subject }]);
  });

  it('signs the same subject in again as the same user, without a duplicate', async () => {
    const bob = person();
    const first = await signIn(bob.subject);
    const second = await signIn(bob.subject);
    const [a, b] = await Promise.all(
      [first, second].map(({ jar }) => createClient({ url: appUrl, token: sessionToken(jar) }).auth.me.query()),
    );
    expect(a!.id).toBe(b!.id);
    expect(sessionToken(first.jar)).not.toBe(sessionToken(second.jar));
    expect(await db.user.count({ where: { email: bob.email } })).toBe(1);
    expect(await db.oAuthAccount.count({ where: { providerUserId: bob.subject } })).toBe(1);
  });

  it('links to an existing user by verified email, and a user with TOTP goes to the MFA step', async () => {
    const email = `mfa-${randomUUID()}@example.test`;
    const existing = await buildUser(db, null, null, { email });
    await db.user.update({ where: { id: existing.id }, data: { totpKey: Buffer.alloc(20, 7), totpEnabledAt: new Date() } });
    const carol = person({ email });

    const { res, jar } = await signIn(carol.subject);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login/mfa');
    const client = createClient({ url: appUrl, token: sessionToken(jar) });
    expect(await client.auth.session.query()).toMatchObject({ userId: existing.id, email, mfaPending: true });
    const refused = await client.auth.me.query().catch((e: unknown) => e);
    expect(errorOf(refused)?.code).toBe('MFA_REQUIRED');
    expect(await db.oAuthAccount.findMany({ where: { userId: existing.id }, select: { providerUserId: true } })).toEqual([
      { providerUserId: carol.subject },
    ]);
  });

  it('never links an unverified email to an existing user', async () => {
    const email = `victim-${randomUUID()}@example.test`;
    const victim = await buildUser(db, null, null, { email });
    const mallory = person({ email, email_verified: false });

    const { res, jar } = await signIn(mallory.subject);
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { message: string; data: { baton: { code: string } } } };
    expect(body.error.data.baton.code).toBe('FORBIDDEN');
    expect(body.error.message).toMatch(/has not verified/);
    expect(sessionToken(jar)).toBeUndefined();
    expect(await db.oAuthAccount.count({ where: { userId: victim.id } })).toBe(0);
  });

  it('answers 400 when the callback state does not match the cookie, or there is no cookie', async () => {
    const jar = new CookieJar();
    const start = await jar.fetch(`${appUrl}/auth/oauth/oidc/start`);
    const state = new URL(start.headers.get('location')!).searchParams.get('state');
    expect(state).toBe(jar.get(appUrl, 'baton_oauth_state'));

    const wrong = await jar.fetch(`${appUrl}/auth/oauth/oidc/callback?code=abc&state=not-${state}`);
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({
      error: {
        message: expect.stringMatching(/state does not match/),
        data: { baton: { code: 'BAD_INPUT', details: { reason: 'state_mismatch' } } },
      },
    });

    const cookieless = await fetch(`${appUrl}/auth/oauth/oidc/callback?code=abc&state=${state}`);
    expect(cookieless.status).toBe(400);
    expect(sessionToken(jar)).toBeUndefined();
  });

  it('answers 400 with the reason when the user cancels at the provider', async () => {
    const dave = person();
    const { res } = await signIn(dave.subject, {
      // the login page's "cancel" link (/interaction/<uid>/abort) redirects back with error=access_denied
      onInteraction: async (page, jar) => jar.fetch(new URL(`${page.pathname}/abort`, page)),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/Test SSO did not complete \(access_denied/);
    expect(await db.user.count({ where: { email: dave.email } })).toBe(0);
  });

  it('answers 404 for a provider that is not configured, and a browser gets a readable page', async () => {
    expect((await fetch(`${appUrl}/auth/oauth/google/start`)).status).toBe(404);
    const page = await fetch(`${appUrl}/auth/oauth/oidc/callback?error=access_denied`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toMatch(/did not complete \(access_denied\)/);
  });
});
