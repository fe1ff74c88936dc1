import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, createLogger } from '@baton/backend';
import { createClient, type BatonClient } from '@baton/client';
import type { ApiScope, ErrorBody } from '@baton/contracts';
import { authenticateApiKey, createApiKey, createSession, type Ctx, type Deps, type Principal } from '@baton/core';
import type { Db } from '@baton/db';
import { afterAll, beforeAll } from 'vitest';
import { buildOrg, buildUser, manualClock, testDb, testDeps } from './builders.ts';

// The Express host on a real socket with a clock the test moves (lease expiry), for the claims and queue tests.

export type ApiServer = { url: string; db: Db; deps: Deps; clock: ReturnType<typeof manualClock>; close(): Promise<void> };

/** Serves an Express app on a free loopback port; close() ends open connections (event streams too) and `db`. */
export async function listen(app: { listen(port: number, host: string, cb: () => void): Server }, db: Db) {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.$disconnect();
    },
  };
}

export async function serveApi(): Promise<ApiServer> {
  const db = testDb();
  const clock = manualClock();
  const deps = testDeps(db, clock.now);
  const { url, close } = await listen(createApp({ ...deps, logger: createLogger('silent') }), db);
  return { url, db, deps, clock, close };
}

/**
 * One API server for a test file, started before its tests and closed after them; call the returned function
 * inside tests and hooks (the server does not exist until beforeAll has run).
 */
export function useApiServer(): () => ApiServer {
  let api: ApiServer | undefined;
  beforeAll(async () => {
    api = await serveApi();
  });
  afterAll(() => api?.close());
  return () => api!;
}

export type Agent = { client: BatonClient; principal: Extract<Principal, { kind: 'agent' }>; ctx: Ctx; secret: string };
export type Person = { client: BatonClient; principal: Extract<Principal, { kind: 'user' }>; ctx: Ctx };

/** A fresh organization and product with its owner (a core context for arranging data), plus callers on demand. */
export async function buildTeam(api: ApiServer) {
  const { org, product } = await buildOrg(api.db);
  const ownerUser = await buildUser(api.db, org.id, 'owner');
  const owner: Ctx = {
    ...api.deps,
    principal: { kind: 'user', userId: ownerUser.id, name: ownerUser.name, email: ownerUser.email, sessionId: null },
  };
  let keys = 0;
  async function agent(scopes: ApiScope[] = ['write'], name = `agent-${++keys}`): Promise<Agent> {
    const { secret } = await createApiKey(owner, { organizationId: org.id, name, role: 'agent', scopes });
    const principal = (await authenticateApiKey(api.deps, secret, '127.0.0.1')) as Agent['principal'];
    return { client: createClient({ url: api.url, token: secret }), principal, ctx: { ...api.deps, principal }, secret };
  }
  async function person(role: 'owner' | 'developer' | 'viewer' = 'developer'): Promise<Person> {
    const user = await buildUser(api.db, org.id, role);
    const { token } = await createSession(api.deps, user.id, { twoFactorVerified: true });
    const principal: Person['principal'] = { kind: 'user', userId: user.id, name: user.name, email: user.email, sessionId: null };
    return { client: createClient({ url: api.url, token }), principal, ctx: { ...api.deps, principal } };
  }
  return { org, product, productId: product.id, owner, agent, person };
}

export type Failure = { status: number | undefined; message: string; baton: ErrorBody | null };

/** The failure of a typed-client call: HTTP status, message and the domain error body. */
export async function failure(promise: Promise<unknown>): Promise<Failure> {
  try {
    await promise;
  } catch (e) {
    // by name rather than instanceof: the test and the client may load different copies of @trpc/client
    if (!(e instanceof Error) || e.name !== 'TRPCClientError') throw e;
    const data = (e as { data?: { httpStatus?: number; baton?: ErrorBody } }).data;
    return { status: data?.httpStatus, message: e.message, baton: data?.baton ?? null };
  }
  throw new Error('expected the call to fail');
}

/** Settles every promise and splits the outcomes, for races. */
export async function settle<T>(promises: Promise<T>[]): Promise<{ ok: T[]; failed: unknown[] }> {
  const results = await Promise.allSettled(promises);
  return {
    ok: results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])),
    failed: results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : [])),
  };
}
