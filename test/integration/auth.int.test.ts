import { randomUUID } from 'node:crypto';
import * as core from '@baton/core';
import type { Deps } from '@baton/core';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP, generateTOTP } from '@oslojs/otp';
import { afterAll, describe, expect, it } from 'vitest';
import {
  TEST_PASSWORD, anonymousCaller, buildOrg, buildProduct, buildUser, callerAsAgent, callerAsUser, callerWithToken, manualClock, testDb, testDeps,
} from '../support/builders.ts';
import { expectDomainError, expectInputError } from '../support/expect-error.ts';

const db = testDb();
const deps = testDeps(db);
afterAll(() => db.$disconnect());

const totp = (secret: string) => generateTOTP(decodeBase32IgnorePadding(secret), 30, 6);
/** A six-digit code that is not the current one (nor, in practice, a neighbouring window's). */
/** The code of a given 30-second time step (to test replay without depending on the wall clock). */
const codeAt = (secret: string, step: number) => generateHOTP(decodeBase32IgnorePadding(secret), BigInt(step), 6);
const wrongCode = (code: string) => String((Number(code) + 500_000) % 1_000_000).padStart(6, '0');
const newEmail = () => `signup-${randomUUID().slice(0, 8)}@example.test`;

describe('sign-up and log-in', () => {
  it('signs up once per email (case-insensitively) and logs in with the password', async () => {
    const anon = anonymousCaller(deps);
    const email = newEmail();
    const signedUp = await anon.auth.signUp({ email: email.toUpperCase(), name: 'New Person', password: 'long enough password' });
    expect(signedUp).toMatchObject({ mfaRequired: false, token: expect.stringMatching(/^[a-z2-7]{32}$/) });
    const { caller } = await callerWithToken(deps, signedUp.token);
    expect(await caller.auth.me()).toMatchObject({ email, name: 'New Person', mfaEnabled: false, memberships: [] });

    const dup = await expectDomainError(anon.auth.signUp({ email: ` ${email} `, name: 'Again', password: 'another long password' }), 'CONFLICT');
    expect(dup.details).toMatchObject({ issues: [{ path: ['email'] }] });
    await expectInputError(anon.auth.signUp({ email: newEmail(), name: 'Short', password: 'short' }), 'password');

    const loggedIn = await anon.auth.logIn({ email, password: 'long enough password' });
    expect(loggedIn.mfaRequired).toBe(false);
    expect(loggedIn.token).not.toBe(signedUp.token);
    expect((await core.validateSession(deps, loggedIn.token))?.email).toBe(email);
    // the database keeps a hash of the password and of the session token, never the values
    const user = await db.user.findUniqueOrThrow({ where: { email }, select: { passwordHash: true, sessions: { select: { id: true } } } });
    expect(user.passwordHash).not.toContain('long enough password');
    expect(user.sessions.map((s) => s.id).sort()).toEqual([core.hashToken(signedUp.token), core.hashToken(loggedIn.token)].sort());
  });

  it('answers UNAUTHENTICATED for a wrong password or an unknown email, alike', async () => {
    const anon = anonymousCaller(deps);
    const user = await buildUser(db, null, null);
    const wrong = await expectDomainError(anon.auth.logIn({ email: user.email, password: 'not the password' }), 'UNAUTHENTICATED');
    const unknown = await expectDomainError(anon.auth.logIn({ email: newEmail(), password: TEST_PASSWORD }), 'UNAUTHENTICATED');
    expect(unknown.message).toBe(wrong.message);
    await expectDomainError(anonymousCaller(deps).items.list({ productId: 'anything' }), 'UNAUTHENTICATED');
  });

  it(`locks the account after ${core.MAX_FAILURES} failures and opens again after ${core.LOCK_MINUTES} minutes`, async () => {
    const clock = manualClock(new Date('2031-05-01T10:00:00.000Z'));
    const anon = anonymousCaller(testDeps(db, clock.now));
    const user = await buildUser(db, null, null);
    const attempt = (password: string) => anon.auth.logIn({ email: user.email, password });

    // a success resets the count: failures must be consecutive
    for (let i = 1; i < core.MAX_FAILURES; i++) await expectDomainError(attempt('wrong password'), 'UNAUTHENTICATED');
    await attempt(TEST_PASSWORD);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).failedLoginCount).toBe(0);

    for (let i = 1; i <= core.MAX_FAILURES; i++) await expectDomainError(attempt('wrong password'), 'UNAUTHENTICATED');
    const locked = await expectDomainError(attempt(TEST_PASSWORD), 'LOCKED');
    expect(locked.details).toEqual({ retryAfterSeconds: core.LOCK_MINUTES * 60 });
    expect(locked.message).toContain(`${core.LOCK_MINUTES} minutes`);

    clock.advance(core.LOCK_MINUTES * 60_000 - 1000);
    expect((await expectDomainError(attempt(TEST_PASSWORD), 'LOCKED')).details).toEqual({ retryAfterSeconds: 1 });
    clock.advance(1000);
    expect(await attempt(TEST_PASSWORD)).toMatchObject({ mfaRequired: false });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { failedLoginCount: true, lockedUntil: true } })).toEqual({
      failedLoginCount: 0,
      lockedUntil: null,
    });
  });

  it('locks the account even when the failed guesses arrive in parallel', async () => {
    const anon = anonymousCaller(deps);
    const user = await buildUser(db, null, null);
    const guesses = await Promise.allSettled(Array.from({ length: 2 * core.MAX_FAILURES }, (_, i) => anon.auth.logIn({ email: user.email, password: `guess number ${i}` })));
    for (const g of guesses) {
      expect(g.status).toBe('rejected');
      const code = ((g as PromiseRejectedResult).reason as { cause?: { code?: string } }).cause?.code;
      expect(['UNAUTHENTICATED', 'LOCKED']).toContain(code);
    }
    await expectDomainError(anon.auth.logIn({ email: user.email, password: TEST_PASSWORD }), 'LOCKED');
  });
});

describe('two-factor authentication', () => {
  async function enrolled() {
    const user = await buildUser(db, (await buildOrg(db)).org.id, 'developer');
    const { caller, session } = await callerAsUser(deps, user);
    const { secret, uri } = await caller.auth.totp.begin();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    await expectDomainError(caller.auth.totp.confirm({ code: wrongCode(totp(secret)) }), 'UNAUTHENTICATED');
    const { recoveryCodes } = await caller.auth.totp.confirm({ code: totp(secret) });
    return { user, caller, session, secret, recoveryCodes };
  }
  const logIn = async (email: string) => {
    const res = await anonymousCaller(deps).auth.logIn({ email, password: TEST_PASSWORD });
    return { ...res, caller: (await callerWithToken(deps, res.token)).caller };
  };

  it('enrols with a TOTP code, then asks every password login for the second factor', async () => {
    const { user, caller, secret, recoveryCodes } = await enrolled();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const stored = await db.recoveryCode.findMany({ where: { userId: user.id }, select: { codeHash: true } });
    expect(stored.map((r) => r.codeHash).sort()).toEqual(recoveryCodes.map(core.hashToken).sort());
    expect((await caller.auth.me()).mfaEnabled).toBe(true);
    await expectDomainError(caller.auth.totp.begin(), 'CONFLICT');

    const pending = await logIn(user.email);
    expect(pending.mfaRequired).toBe(true);
    await expectDomainError(pending.caller.auth.me(), 'MFA_REQUIRED');
    await expectDomainError(pending.caller.items.list({ productId: 'any-product' }), 'MFA_REQUIRED');
    expect(await pending.caller.auth.session()).toMatchObject({ userId: user.id, mfaPending: true });
    await expectDomainError(pending.caller.auth.verifyMfa({ code: wrongCode(totp(secret)) }), 'UNAUTHENTICATED');
    await expectDomainError(pending.caller.auth.me(), 'MFA_REQUIRED');

    // a code is accepted once: the enrolment code cannot be replayed, the next step's code works, then not again
    const { totpLastStep } = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { totpLastStep: true } });
    await expectDomainError(pending.caller.auth.verifyMfa({ code: codeAt(secret, totpLastStep!) }), 'UNAUTHENTICATED');
    const next = codeAt(secret, totpLastStep! + 1);
    expect(await pending.caller.auth.verifyMfa({ code: next })).toEqual({ ok: true });
    const replay = await logIn(user.email);
    await expectDomainError(replay.caller.auth.verifyMfa({ code: next }), 'UNAUTHENTICATED');
    const verified = (await callerWithToken(deps, pending.token)).caller;
    expect(await verified.auth.me()).toMatchObject({ id: user.id, mfaEnabled: true });
    expect(await verified.auth.session()).toMatchObject({ mfaPending: false });
  });

  it('signs out the user\'s other sessions when enrolment completes', async () => {
    const user = await buildUser(db, null, null);
    const elsewhere = await core.createSession(deps, user.id, { twoFactorVerified: true });
    const { caller } = await callerAsUser(deps, user);
    const { secret } = await caller.auth.totp.begin();
    await caller.auth.totp.confirm({ code: totp(secret) });
    expect(await core.validateSession(deps, elsewhere.token)).toBeNull();
    expect(await caller.auth.sessions()).toHaveLength(1);
  });

  it('locks the account after repeated wrong second-factor codes', async () => {
    const { user, secret } = await enrolled();
    const pending = await logIn(user.email);
    for (let i = 0; i < core.MAX_FAILURES; i++) await expectDomainError(pending.caller.auth.verifyMfa({ code: wrongCode(totp(secret)) }), 'UNAUTHENTICATED');
    const locked = await expectDomainError(pending.caller.auth.verifyMfa({ code: totp(secret) }), 'LOCKED');
    expect(locked.details).toMatchObject({ retryAfterSeconds: expect.any(Number) });
    await expectDomainError(pending.caller.auth.me(), 'MFA_REQUIRED');
  });

  it('accepts a recovery code exactly once', async () => {
    const { user, recoveryCodes } = await enrolled();
    const [first, second] = recoveryCodes as [string, string];

    const a = await logIn(user.email);
    expect(await a.caller.auth.verifyMfa({ code: first })).toEqual({ ok: true });
    expect((await (await callerWithToken(deps, a.token)).caller.auth.me()).id).toBe(user.id);

    const b = await logIn(user.email);
    await expectDomainError(b.caller.auth.verifyMfa({ code: first }), 'UNAUTHENTICATED');
    await expectDomainError((await callerWithToken(deps, b.token)).caller.auth.me(), 'MFA_REQUIRED');
    // codes are typed by people: case and surrounding spaces do not matter
    expect(await b.caller.auth.verifyMfa({ code: ` ${second.toUpperCase()} ` })).toEqual({ ok: true });
    expect(await db.recoveryCode.count({ where: { userId: user.id, usedAt: { not: null } } })).toBe(2);
  });
});

describe('sessions', () => {
  it('lists sessions with the current one marked and revokes another', async () => {
    const user = await buildUser(db, null, null);
    const anon = anonymousCaller(deps);
    const here = await anon.auth.logIn({ email: user.email, password: TEST_PASSWORD });
    const there = await anon.auth.logIn({ email: user.email, password: TEST_PASSWORD });
    const { caller } = await callerWithToken(deps, here.token);

    const sessions = await caller.auth.sessions();
    expect(sessions).toHaveLength(2);
    const current = sessions.find((s) => s.current);
    const other = sessions.find((s) => !s.current);
    expect(current?.id).toBe(core.hashToken(here.token).slice(0, 16));
    expect(other?.id).toBe(core.hashToken(there.token).slice(0, 16));
    expect(other).toMatchObject({ userAgent: 'vitest', ip: '127.0.0.1' });

    // someone else's handle revokes nothing
    const stranger = await callerAsUser(deps, await buildUser(db, null, null));
    expect(await stranger.caller.auth.revokeSession({ id: other!.id })).toEqual({ revoked: 0 });
    expect(await core.validateSession(deps, there.token)).not.toBeNull();

    expect(await caller.auth.revokeSession({ id: other!.id })).toEqual({ revoked: 1 });
    expect(await core.validateSession(deps, there.token)).toBeNull();
    expect(await core.validateSession(deps, here.token)).not.toBeNull();
    expect((await caller.auth.sessions()).map((s) => s.id)).toEqual([current!.id]);
  });

  it('logs out: the token no longer validates', async () => {
    const user = await buildUser(db, null, null);
    const { token } = await anonymousCaller(deps).auth.logIn({ email: user.email, password: TEST_PASSWORD });
    const { caller } = await callerWithToken(deps, token);
    expect(await caller.auth.logOut()).toEqual({ ok: true });
    expect(await core.validateSession(deps, token)).toBeNull();
    await expectDomainError(anonymousCaller(deps).auth.logOut(), 'UNAUTHENTICATED');
  });
});

describe('API keys', () => {
  /** An organization with an owner signed in, on the given clock. */
  async function setup(d: Deps = deps) {
    const { org, product } = await buildOrg(db);
    const owner = await buildUser(db, org.id, 'owner');
    const { caller } = await callerAsUser(d, owner);
    const create = (input: Partial<Parameters<typeof caller.apiKeys.create>[0]> = {}) =>
      caller.apiKeys.create({ organizationId: org.id, name: 'ci-bot', role: 'ci', scopes: ['read', 'write'], ...input });
    return { org, product, productId: product.id, owner, caller, create, deps: d };
  }
  async function agent(d: Deps, secret: string, ip: string | null = null) {
    const principal = await core.authenticateApiKey(d, secret, ip);
    if (principal.kind !== 'agent') throw new Error('expected an agent principal');
    return callerAsAgent(d, principal);
  }

  it('shows the secret once and stores only its hash', async () => {
    const { org, caller, create } = await setup();
    const created = await create();
    expect(created.secret).toMatch(/^bat_[a-z2-7]{8}_[a-z2-7]{32}$/);
    expect(created.secret.startsWith(`${created.key.prefix}_`)).toBe(true);
    expect(created.key).toMatchObject({
      name: 'ci-bot', role: 'ci', scopes: ['read', 'write'], productId: null, requestsPerMinute: 600, requestCount: 0,
      lastUsedAt: null, expiresAt: null, revokedAt: null, rotatedFromId: null,
    });

    const [row] = await db.$queryRaw<Record<string, unknown>[]>`SELECT * FROM "ApiKey" WHERE id = ${created.key.id}`;
    expect(row?.secretHash).toBe(core.hashToken(created.secret));
    expect(row?.secretHash).not.toBe(created.secret);
    const secretPart = created.secret.slice(created.key.prefix.length + 1);
    for (const [column, value] of Object.entries(row!)) {
      expect(JSON.stringify(value) ?? '', column).not.toContain(secretPart);
    }

    const listed = await caller.apiKeys.list({ organizationId: org.id });
    expect(listed.map((k) => k.id)).toEqual([created.key.id]);
    expect(JSON.stringify(listed)).not.toContain(secretPart);
    expect(JSON.stringify(listed)).not.toContain(row!.secretHash as string);
  });

  it('authenticates a key, records usage, and acts as the key\'s identity', async () => {
    const clock = manualClock(new Date('2031-07-01T08:00:00.000Z'));
    const { org, productId, caller, create, deps: d } = await setup(testDeps(db, clock.now));
    const { key, secret } = await create();

    const principal = await core.authenticateApiKey(d, secret, '203.0.113.7');
    // no lease of its own: claims take the product's agent default (claimTtlSeconds null)
    expect(principal).toEqual({ kind: 'agent', apiKeyId: key.id, name: 'ci-bot', organizationId: org.id, productId: null, scopes: ['read', 'write'], claimTtlSeconds: null });
    clock.advance(5000);
    const bot = await agent(d, secret);
    const [listed] = await caller.apiKeys.list({ organizationId: org.id });
    expect(listed).toMatchObject({ requestCount: 2, lastUsedAt: clock.now() });

    const item = await bot.items.create({ productId, type: 'bug', title: 'Found by CI' });
    expect(item.reporter).toEqual({ kind: 'agent', id: key.id, name: 'ci-bot' });
    // keys are not people: they do not watch, and they do not manage keys
    expect(await bot.items.watchers({ productId, ref: item.id })).toEqual([]);
    await expectDomainError(bot.apiKeys.list({ organizationId: org.id }), 'FORBIDDEN');

    await expectDomainError(core.authenticateApiKey(d, 'bat_nope', null), 'UNAUTHENTICATED');
    await expectDomainError(core.authenticateApiKey(d, `${key.prefix}_${'a'.repeat(32)}`, null), 'UNAUTHENTICATED');
  });

  it('lets only admins and owners manage keys', async () => {
    const { org, create } = await setup();
    const { key } = await create();
    const developer = await callerAsUser(deps, await buildUser(db, org.id, 'developer'));
    await expectDomainError(developer.caller.apiKeys.create({ organizationId: org.id, name: 'x', role: 'agent', scopes: ['read'] }), 'FORBIDDEN');
    await expectDomainError(developer.caller.apiKeys.revoke({ id: key.id }), 'FORBIDDEN');
    const outsider = await callerAsUser(deps, await buildUser(db, (await buildOrg(db)).org.id, 'owner'));
    await expectDomainError(outsider.caller.apiKeys.revoke({ id: key.id }), 'NOT_FOUND');
    await expectDomainError(outsider.caller.apiKeys.list({ organizationId: org.id }), 'NOT_FOUND');
  });

  it('refuses a revoked key and an expired one', async () => {
    const clock = manualClock(new Date('2031-07-02T08:00:00.000Z'));
    const { caller, create, deps: d } = await setup(testDeps(db, clock.now));
    const revoked = await create({ name: 'old-bot' });
    await agent(d, revoked.secret);
    const info = await caller.apiKeys.revoke({ id: revoked.key.id });
    expect(info.revokedAt).toEqual(clock.now());
    await expectDomainError(core.authenticateApiKey(d, revoked.secret, null), 'UNAUTHENTICATED');
    await expectDomainError(caller.apiKeys.rotate({ id: revoked.key.id }), 'CONFLICT');

    const expiring = await create({ name: 'temp-bot', expiresAt: new Date(clock.now().getTime() + 3_600_000) });
    clock.advance(3_600_000 - 1);
    await agent(d, expiring.secret);
    clock.advance(1);
    const expired = await expectDomainError(core.authenticateApiKey(d, expiring.secret, null), 'UNAUTHENTICATED');
    expect(expired.message).toContain('expired');
  });

  it('rotates a key: the old secret works until the overlap ends, the new one from the start', async () => {
    const clock = manualClock(new Date('2031-07-03T08:00:00.000Z'));
    const { org, caller, create, deps: d } = await setup(testDeps(db, clock.now));
    const old = await create({ name: 'deploy-bot', role: 'agent', scopes: ['read'] });
    const rotated = await caller.apiKeys.rotate({ id: old.key.id, overlapSeconds: 600 });
    expect(rotated.secret).not.toBe(old.secret);
    expect(rotated.key).toMatchObject({ name: 'deploy-bot', role: 'agent', scopes: ['read'], rotatedFromId: old.key.id, expiresAt: null });

    const keys = await caller.apiKeys.list({ organizationId: org.id });
    expect(keys.find((k) => k.id === old.key.id)?.expiresAt).toEqual(new Date(clock.now().getTime() + 600_000));
    await agent(d, old.secret);
    await agent(d, rotated.secret);
    clock.advance(599_000);
    await agent(d, old.secret);
    clock.advance(1000);
    await expectDomainError(core.authenticateApiKey(d, old.secret, null), 'UNAUTHENTICATED');
    expect((await core.authenticateApiKey(d, rotated.secret, null)).kind).toBe('agent');
  });

  it('refuses requests from outside the IP allowlist, without counting them', async () => {
    const { caller, org, create } = await setup();
    const { key, secret } = await create({ ipAllowlist: ['10.0.0.0/8', '2001:db8::1'] });
    for (const ip of ['10.20.30.40', '::ffff:10.1.2.3', '2001:db8::1']) await agent(deps, secret, ip);
    for (const ip of ['192.168.1.1', '11.0.0.1', '2001:db8::2', null]) {
      const err = await expectDomainError(core.authenticateApiKey(deps, secret, ip), 'FORBIDDEN');
      expect(err.message).toContain('address');
    }
    expect((await caller.apiKeys.list({ organizationId: org.id })).find((k) => k.id === key.id)?.requestCount).toBe(3);
  });

  it('enforces scopes: a read-only key can list but not create', async () => {
    const { productId, create } = await setup();
    const reader = await agent(deps, (await create({ name: 'reader', scopes: ['read'] })).secret);
    expect((await reader.items.list({ productId })).items).toEqual([]);
    const err = await expectDomainError(reader.items.create({ productId, type: 'bug', title: 'Nope' }), 'FORBIDDEN');
    expect(err.message).toContain('scope');
    expect(await db.item.count({ where: { productId } })).toBe(0);
  });

  it('keeps a product-scoped key inside its product and its organization', async () => {
    const { org, productId, create } = await setup();
    const sibling = await buildProduct(db, org.id);
    const scoped = await agent(deps, (await create({ productId })).secret);
    const whole = await agent(deps, (await create({ name: 'org-bot' })).secret);

    const mine = await scoped.items.create({ productId, type: 'task', title: 'In scope' });
    expect((await scoped.items.list({ productId })).items.map((i) => i.id)).toEqual([mine.id]);
    const theirs = await whole.items.create({ productId: sibling.id, type: 'task', title: 'Sibling item' });
    await expectDomainError(scoped.items.list({ productId: sibling.id }), 'NOT_FOUND');
    await expectDomainError(scoped.items.get({ productId: sibling.id, ref: theirs.id }), 'NOT_FOUND');
    await expectDomainError(scoped.items.create({ productId: sibling.id, type: 'task', title: 'Out of scope' }), 'NOT_FOUND');

    const elsewhere = await buildOrg(db);
    await expectDomainError(whole.items.list({ productId: elsewhere.product.id }), 'NOT_FOUND');
    const bad = await expectDomainError(create({ productId: elsewhere.product.id }), 'BAD_INPUT');
    expect(bad.message).toContain('productId');
  });

  it('answers RATE_LIMITED past requestsPerMinute until the next minute', async () => {
    const clock = manualClock(new Date('2031-07-04T08:00:10.000Z'));
    const { create, deps: d } = await setup(testDeps(db, clock.now));
    const { key, secret } = await create({ requestsPerMinute: 3 });
    for (let i = 0; i < 3; i++) await core.authenticateApiKey(d, secret, null);
    const limited = await expectDomainError(core.authenticateApiKey(d, secret, null), 'RATE_LIMITED');
    expect(limited.details).toEqual({ retryAfterSeconds: 50 });
    expect(limited.message).toContain('3 requests per minute');
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).requestCount).toBe(3);

    clock.advance(50_000);
    expect((await core.authenticateApiKey(d, secret, null)).kind).toBe('agent');
  });
});
