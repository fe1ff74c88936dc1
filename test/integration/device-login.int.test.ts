import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, createLogger } from '@baton/backend';
import { createClient, errorOf, TRPCClientError } from '@baton/client';
import { createApiKey, createInProcessBus, createSession, hashToken } from '@baton/core';
import { createDb, type Db } from '@baton/db';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildOrg, buildUser, manualClock, testDeps } from '../support/builders.ts';

// Device-code login (RFC 8628) over real HTTP: the device starts and polls without credentials, a signed-in
// person approves or denies, and the device gets its own session exactly once. The server's clock is manual, so
// the poll interval and the 10-minute expiry are tested without waiting.

type Running = { url: string; db: Db; clock: ReturnType<typeof manualClock>; close(): Promise<void> };

async function serve(opts: { authRateLimit?: number } = {}): Promise<Running> {
  const db = createDb(inject('databaseUrl'), { max: 4, embedded: inject('databaseKind') === 'embedded' });
  const clock = manualClock();
  const app = createApp({
    db,
    clock: clock.now,
    bus: createInProcessBus(),
    logger: createLogger('silent'),
    ...(opts.authRateLimit && { authRateLimit: opts.authRateLimit }),
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    db,
    clock,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.$disconnect();
    },
  };
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (e) {
    if (!(e instanceof TRPCClientError)) throw e;
    return { status: (e.data as { httpStatus?: number } | undefined)?.httpStatus, code: errorOf(e)?.code, message: e.message };
  }
  throw new Error('expected the call to fail');
}

let api: Running;
beforeAll(async () => {
  api = await serve();
});
afterAll(() => api.close());

const device = () => createClient({ url: api.url, headers: { 'user-agent': 'device-test/1.0' } });
const POLL_GAP = 5_000;

/** A signed-in person (optionally with TOTP on), and their browser's client. */
async function person(opts: { mfa?: boolean; twoFactorVerified?: boolean; role?: 'owner' | 'developer' } = {}) {
  const { org, product } = await buildOrg(api.db);
  const user = await buildUser(api.db, org.id, opts.role ?? 'developer');
  if (opts.mfa) await api.db.user.update({ where: { id: user.id }, data: { totpKey: Buffer.alloc(20, 1), totpEnabledAt: new Date() } });
  const { token } = await createSession(testDeps(api.db, api.clock.now), user.id, { twoFactorVerified: opts.twoFactorVerified ?? true });
  return { org, product, user, browser: createClient({ url: api.url, token }) };
}

/** A device login waiting for someone to approve it. */
const started = (clientName = 'baton CLI on test') => device().device.start.mutate({ clientName });

describe('device.start', () => {
  it('hands out a secret device code (stored hashed) and a short code for people, with the RFC fields', async () => {
    const s = await started();
    expect(s).toEqual({
      deviceCode: expect.stringMatching(/^[a-z2-7]{32}$/),
      userCode: expect.stringMatching(/^[BCDFGHJKMNPQRTVWXZ]{4}-[BCDFGHJKMNPQRTVWXZ]{4}$/),
      // absolute: the server answers with the origin the request was addressed to
      verificationUri: `${api.url}/device`,
      verificationUriComplete: `${api.url}/device?code=${s.userCode}`,
      expiresIn: 600,
      interval: 5,
    });
    const row = await api.db.deviceCode.findUniqueOrThrow({ where: { userCode: s.userCode } });
    expect(row.deviceCodeHash).toBe(hashToken(s.deviceCode));
    expect(JSON.stringify(row)).not.toContain(s.deviceCode);
    expect(row.expiresAt.getTime() - api.clock.now().getTime()).toBe(600_000);
  });

  it('refuses a missing or overlong client name', async () => {
    expect(await failure(device().device.start.mutate({ clientName: ' ' }))).toMatchObject({ status: 400, code: 'BAD_INPUT' });
    expect(await failure(device().device.start.mutate({ clientName: 'x'.repeat(101) }))).toMatchObject({ status: 400, code: 'BAD_INPUT' });
  });
});

describe('approving a device login', () => {
  it('pends until approved, then gives the device a new session of the approver exactly once', async () => {
    const { user, browser } = await person({ mfa: true });
    const s = await started('baton CLI on laptop');
    const client = device();
    expect(await client.device.poll.mutate({ deviceCode: s.deviceCode })).toEqual({ status: 'authorization_pending', interval: 5 });

    // what the approval page shows, with the code typed loosely
    expect(await browser.device.lookup.query({ userCode: s.userCode.toLowerCase().replace('-', ' ') })).toMatchObject({
      userCode: s.userCode,
      clientName: 'baton CLI on laptop',
      status: 'pending',
    });
    expect(await browser.device.approve.mutate({ userCode: s.userCode })).toMatchObject({ status: 'approved' });
    // a double submit of the same verdict answers the same
    expect(await browser.device.approve.mutate({ userCode: s.userCode })).toMatchObject({ status: 'approved' });

    api.clock.advance(POLL_GAP);
    const approved = await client.device.poll.mutate({ deviceCode: s.deviceCode });
    if (approved.status !== 'approved') throw new Error(`expected approved, got ${approved.status}`);
    expect(approved.user).toEqual({ id: user.id, name: user.name, email: user.email });
    expect(approved.token).toMatch(/^[a-z2-7]{32}$/);

    // the new session is the approver's, already past MFA (the approver passed it), and is its own session
    const cli = createClient({ url: api.url, token: approved.token });
    expect((await cli.auth.me.query()).id).toBe(user.id);
    const sessions = await browser.auth.sessions.query();
    expect(sessions).toHaveLength(2);
    expect(sessions.find((x) => !x.current)?.userAgent).toBe('baton CLI on laptop (device-test/1.0)');
    expect(await browser.device.lookup.query({ userCode: s.userCode })).toMatchObject({ status: 'used' });

    // the device code is spent: asking again is refused, however long one waits
    api.clock.advance(POLL_GAP);
    expect(await failure(client.device.poll.mutate({ deviceCode: s.deviceCode }))).toMatchObject({ status: 409, code: 'CONFLICT' });
    expect(await api.db.session.count({ where: { userId: user.id } })).toBe(2);
  });

  it('hands the session to one of several racing polls only', async () => {
    const { user, browser } = await person();
    const s = await started();
    await browser.device.approve.mutate({ userCode: s.userCode });
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => device().device.poll.mutate({ deviceCode: s.deviceCode })));
    const statuses = results.map((r) => (r.status === 'fulfilled' ? r.value.status : errorOf(r.reason)?.code));
    expect(statuses.filter((x) => x === 'approved')).toHaveLength(1);
    expect(statuses.filter((x) => x !== 'approved').every((x) => x === 'slow_down' || x === 'CONFLICT')).toBe(true);
    expect(await api.db.session.count({ where: { userId: user.id } })).toBe(2);
  });

  it('tells a denied device so, and a decision cannot be changed afterwards', async () => {
    const { browser } = await person();
    const s = await started();
    expect(await browser.device.deny.mutate({ userCode: s.userCode })).toMatchObject({ status: 'denied' });
    expect(await device().device.poll.mutate({ deviceCode: s.deviceCode })).toEqual({ status: 'access_denied' });
    expect(await failure(browser.device.approve.mutate({ userCode: s.userCode }))).toMatchObject({
      status: 409,
      code: 'CONFLICT',
      message: 'This login request was already denied',
    });

    const other = await person();
    const t = await started();
    await browser.device.approve.mutate({ userCode: t.userCode });
    expect(await failure(other.browser.device.approve.mutate({ userCode: t.userCode }))).toMatchObject({ code: 'CONFLICT' });
    expect(await failure(other.browser.device.deny.mutate({ userCode: t.userCode }))).toMatchObject({ code: 'CONFLICT' });
  });

  it('expires after ten minutes: the device hears expired_token and nobody can approve it any more', async () => {
    const { browser } = await person();
    const s = await started();
    api.clock.advance(600_000);
    expect(await device().device.poll.mutate({ deviceCode: s.deviceCode })).toEqual({ status: 'expired_token' });
    expect(await browser.device.lookup.query({ userCode: s.userCode })).toMatchObject({ status: 'expired' });
    expect(await failure(browser.device.approve.mutate({ userCode: s.userCode }))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/expired/),
    });
  });

  it('needs a person who has passed MFA: not anonymous, not an API key, not a session owing its second factor', async () => {
    const s = await started();
    expect(await failure(device().device.approve.mutate({ userCode: s.userCode }))).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });

    const owner = await person({ role: 'owner' });
    const ctx = {
      ...testDeps(api.db),
      principal: { kind: 'user' as const, userId: owner.user.id, name: owner.user.name, email: owner.user.email, sessionId: null },
    };
    const { secret } = await createApiKey(ctx, { organizationId: owner.org.id, name: 'Agent', role: 'agent', scopes: ['admin'] });
    expect(await failure(createClient({ url: api.url, token: secret }).device.approve.mutate({ userCode: s.userCode }))).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
    });

    const halfway = await person({ mfa: true, twoFactorVerified: false });
    expect(await failure(halfway.browser.device.approve.mutate({ userCode: s.userCode }))).toMatchObject({
      status: 401,
      code: 'MFA_REQUIRED',
    });
    expect(await device().device.poll.mutate({ deviceCode: s.deviceCode })).toMatchObject({ status: 'authorization_pending' });
  });

  it('answers unknown codes as not found and malformed ones as bad input', async () => {
    const { browser } = await person();
    expect(await failure(device().device.poll.mutate({ deviceCode: 'a'.repeat(32) }))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(await failure(device().device.poll.mutate({ deviceCode: 'short' }))).toMatchObject({ status: 400, code: 'BAD_INPUT' });
    expect(await failure(browser.device.lookup.query({ userCode: 'BBBB-BBBB' }))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(await failure(browser.device.approve.mutate({ userCode: 'AAAA-1111' }))).toMatchObject({ status: 400, code: 'BAD_INPUT' });
  });
});

describe('polling pace', () => {
  it('answers slow_down to a device that polls faster than the interval, and pending again once it waits', async () => {
    const s = await started();
    const client = device();
    expect(await client.device.poll.mutate({ deviceCode: s.deviceCode })).toMatchObject({ status: 'authorization_pending' });
    api.clock.advance(2_000);
    expect(await client.device.poll.mutate({ deviceCode: s.deviceCode })).toEqual({ status: 'slow_down', interval: 10 });
    // the too-fast poll restarts the wait
    api.clock.advance(3_000);
    expect(await client.device.poll.mutate({ deviceCode: s.deviceCode })).toMatchObject({ status: 'slow_down' });
    api.clock.advance(POLL_GAP);
    expect(await client.device.poll.mutate({ deviceCode: s.deviceCode })).toMatchObject({ status: 'authorization_pending' });
    // up to a second early still counts as on time (timers and networks jitter)
    api.clock.advance(POLL_GAP - 900);
    expect(await client.device.poll.mutate({ deviceCode: s.deviceCode })).toMatchObject({ status: 'authorization_pending' });
  });

  it('lets only one of concurrent polls through per interval', async () => {
    const s = await started();
    const results = await Promise.all(Array.from({ length: 4 }, () => device().device.poll.mutate({ deviceCode: s.deviceCode })));
    expect(results.map((r) => r.status).sort()).toEqual(['authorization_pending', 'slow_down', 'slow_down', 'slow_down']);
  });
});

describe('rate limits', () => {
  it('counts device.start against the public auth limit per address, and not device.poll', async () => {
    const limited = await serve({ authRateLimit: 3 });
    try {
      const client = createClient({ url: limited.url });
      const first = await client.device.start.mutate({ clientName: 'one' });
      await client.device.start.mutate({ clientName: 'two' });
      await client.device.start.mutate({ clientName: 'three' });
      expect(await failure(client.device.start.mutate({ clientName: 'four' }))).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      for (let i = 0; i < 5; i++) {
        expect((await client.device.poll.mutate({ deviceCode: first.deviceCode })).status).toMatch(/^(authorization_pending|slow_down)$/);
      }
    } finally {
      await limited.close();
    }
  });
});
