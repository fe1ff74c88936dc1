import { createApp, createLogger } from '@baton/backend';
import { createAgentClient, createClient } from '@baton/client';
import * as core from '@baton/core';
import type { Ctx } from '@baton/core';
import type { Db } from '@baton/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../support/api-server.ts';
import { buildOrg, buildUser, testDb } from '../support/builders.ts';

// Revocation reaches open event streams over real HTTP: a revoked key's, a signed-out session's or a removed
// member's SSE stream is closed within seconds (the access change on the bus triggers a check), not at the
// stream's 15-minute limit.

let url: string;
let db: Db;
let close: () => Promise<void>;
const bus = core.createInProcessBus();
beforeAll(async () => {
  db = testDb();
  ({ url, close } = await listen(createApp({ db, clock: () => new Date(), bus, logger: createLogger('silent') }), db));
});
afterAll(() => close());

async function world() {
  const { org, product } = await buildOrg(db);
  const owner = await buildUser(db, org.id, 'owner');
  const ownerCtx: Ctx = {
    db,
    clock: () => new Date(),
    bus,
    principal: { kind: 'user', userId: owner.id, name: owner.name, email: owner.email, sessionId: null },
  };
  const { token } = await core.createSession(ownerCtx, owner.id, { twoFactorVerified: true });
  const key = async (name: string) => core.createApiKey(ownerCtx, { organizationId: org.id, name, role: 'agent', scopes: ['read'] });
  return { org, product, owner: createClient({ url, token }), key };
}

/** Opens events.items as any SSE client would (plain fetch); resolves with the time the server ended the stream. */
async function rawStream(token: string, productId: string) {
  const input = encodeURIComponent(JSON.stringify({ json: { productId } }) /* superjson's envelope */);
  const res = await fetch(`${url}/trpc/events.items?input=${input}`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
  });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  // the first frame (connected) means the server is listening
  while (!text.includes('connected')) text += decoder.decode((await reader.read()).value ?? new Uint8Array(), { stream: true });
  const ended = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { at: Date.now(), text };
      text += decoder.decode(value, { stream: true });
    }
  })();
  return { ended, cancel: () => reader.cancel(), text: () => text };
}

describe('revocation reaches open event streams', () => {
  it("ends a revoked key's stream within seconds, over plain SSE and through the agent client", async () => {
    const w = await world();
    const { key, secret } = await w.key('Revoked soon');
    const raw = await rawStream(secret, w.product.id);
    const agent = createAgentClient({ url, token: secret, productId: w.product.id, retries: 0 });
    const sub = agent.events.subscribe({}, () => {});
    await sub.ready;

    const revokedAt = Date.now();
    await w.owner.apiKeys.revoke.mutate({ id: key.id });
    const ended = await raw.ended;
    expect(ended.at - revokedAt).toBeLessThan(3_000);
    expect(ended.text).toContain('UNAUTHENTICATED');
    await expect(sub.done).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(Date.now() - revokedAt).toBeLessThan(3_000);
  });

  it('keeps the streams of keys that were not revoked open', async () => {
    const w = await world();
    const kept = await w.key('Kept');
    const other = await w.key('Other');
    const raw = await rawStream(kept.secret, w.product.id);
    let ended = false;
    void raw.ended.then(() => (ended = true));
    await w.owner.apiKeys.revoke.mutate({ id: other.key.id });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(ended).toBe(false);
    // and it still carries events
    await w.owner.items.create.mutate({ productId: w.product.id, type: 'task', title: 'Still heard' });
    await expect.poll(raw.text, { timeout: 3_000 }).toContain('"action":"created"');
    await raw.cancel();
  });

  it("ends a signed-out session's stream, and a removed member's, within seconds", async () => {
    const w = await world();
    const dev = await buildUser(db, w.org.id, 'developer');
    const devCtx = { db, clock: () => new Date(), bus };
    const session = await core.createSession(devCtx, dev.id, { twoFactorVerified: true });
    const signedOut = await rawStream(session.token, w.product.id);
    const started = Date.now();
    await createClient({ url, token: session.token }).auth.logOut.mutate();
    expect((await signedOut.ended).at - started).toBeLessThan(3_000);

    const again = await core.createSession(devCtx, dev.id, { twoFactorVerified: true });
    const removed = await rawStream(again.token, w.product.id);
    const removing = Date.now();
    await w.owner.members.remove.mutate({ organizationId: w.org.id, userId: dev.id });
    const end = await removed.ended;
    expect(end.at - removing).toBeLessThan(3_000);
    expect(end.text).toContain('NOT_FOUND');
  });
});
