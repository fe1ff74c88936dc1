import { randomUUID } from 'node:crypto';
import { appRouter, createCallerFactory, type Context } from '@baton/api';
import type { MemberRole } from '@baton/contracts';
import { createInProcessBus, createSession, hashPassword, insertDefaultStates, validateSession, type Deps, type Principal } from '@baton/core';
import { createDb, type Db } from '@baton/db';
import { inject } from 'vitest';

/** A Prisma client on the run's shared database (see global-setup.ts). */
export function testDb(): Db {
  return createDb(inject('databaseUrl'), { max: 4, embedded: inject('databaseKind') === 'embedded' });
}

export function testDeps(db: Db, clock: () => Date = () => new Date()): Deps {
  return { db, clock, bus: createInProcessBus() };
}

/** A clock that only moves when the test says so (lockouts, expiries, rate-limit windows). */
export function manualClock(start = new Date()) {
  let at = start.getTime();
  return {
    now: () => new Date(at),
    advance(ms: number) {
      at += ms;
    },
  };
}

const uid = () => randomUUID().slice(0, 8);
let cachedHash: Promise<string> | undefined;
export const TEST_PASSWORD = 'correct horse battery';

const productKey = () => `T${uid().replace(/[^A-Z0-9]/gi, '').toUpperCase().slice(0, 6)}`.replace(/^T(\d)/, 'TX$1').slice(0, 8);

/** A fresh organization with one product whose key is unique in the run. */
export async function buildOrg(db: Db) {
  const key = productKey();
  const org = await db.organization.create({ data: { name: `Org ${key}`, slug: `org-${uid()}` } });
  const product = await db.product.create({ data: { organizationId: org.id, key, name: `Product ${key}` } });
  // the states every product starts with, as createProduct gives them
  await insertDefaultStates(db, product.id);
  return { org, product };
}

/** Another product in an existing organization (tenant and product-scope checks). */
export async function buildProduct(db: Db, organizationId: string) {
  const key = productKey();
  const product = await db.product.create({ data: { organizationId, key, name: `Product ${key}` } });
  await insertDefaultStates(db, product.id);
  return product;
}

/** A user with a password, a member of `organizationId` with `role` (no membership when role is null). */
export async function buildUser(db: Db, organizationId: string | null, role: MemberRole | null, opts: { email?: string } = {}) {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const email = opts.email ?? `user-${uid()}@example.test`;
  const user = await db.user.create({ data: { email, name: `User ${email.split('@')[0]}`, passwordHash: await cachedHash } });
  if (organizationId && role) await db.membership.create({ data: { userId: user.id, organizationId, role } });
  return user;
}

const noCookie = { set() {}, clear() {} };

/** A tRPC caller acting as `user` through a real session (so MFA and session checks apply). */
export async function callerAsUser(deps: Deps, user: { id: string }, opts: { twoFactorVerified?: boolean } = {}) {
  const { token } = await createSession(deps, user.id, { twoFactorVerified: opts.twoFactorVerified ?? true });
  return { ...(await callerWithToken(deps, token)), token };
}

/** A tRPC caller for a session token (from auth.logIn or auth.signUp), resolved the way the host does it. */
export async function callerWithToken(deps: Deps, token: string) {
  const session = await validateSession(deps, token);
  if (!session) throw new Error('session did not validate');
  const principal: Principal = { kind: 'user', userId: session.userId, name: session.name, email: session.email, sessionId: session.sessionId };
  return { caller: makeCaller({ ...deps, principal, session }), session };
}

/** A tRPC caller acting as an API key identity. */
export function callerAsAgent(deps: Deps, principal: Extract<Principal, { kind: 'agent' }>) {
  return makeCaller({ ...deps, principal, session: null });
}

export function anonymousCaller(deps: Deps) {
  return makeCaller({ ...deps, principal: null, session: null });
}

const factory = createCallerFactory(appRouter);
function makeCaller(ctx: Omit<Context, 'ip' | 'userAgent' | 'cookie' | 'headerProductId'>) {
  return factory({ ...ctx, ip: '127.0.0.1', userAgent: 'vitest', cookie: noCookie, headerProductId: null });
}
