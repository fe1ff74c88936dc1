import { randomUUID } from 'node:crypto';
import { BatonError, createAgentClient } from '@baton/client';
import { requestHash } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { buildTeam, useApiServer } from '../support/api-server.ts';

// A duplicate (same Idempotency-Key) that arrives while its original still runs is told IN_PROGRESS with
// Retry-After, over real HTTP: a code of its own, so agents retry it and never confuse it with a version race.

const api = useApiServer();
const newKey = () => `dup-${randomUUID()}`;

/** A REST call as an agent in any language makes it; answers the status, the Retry-After header and the body. */
async function post(agent: { secret: string }, path: string, body: unknown, key: string, productId: string) {
  const res = await fetch(`${api().url}/api/agent${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${agent.secret}`,
      'x-product-id': productId,
      'idempotency-key': key,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as { id?: string; error?: { code: string } },
  };
}

/** Marks the caller's record for `key` as still running, as it is while the first request's write goes on. */
const markRunning = (key: string) =>
  api().db.idempotencyRecord.updateMany({ where: { key }, data: { response: { pending: true }, updatedAt: new Date() } });

describe('a duplicate request while its original runs', () => {
  it('answers 409 IN_PROGRESS with Retry-After over REST, then the first result once the original has ended', async () => {
    const team = await buildTeam(api());
    const agent = await team.agent(['read', 'write']);
    const key = newKey();
    const body = { type: 'bug', title: 'Found once' };
    const first = await post(agent, '/items', body, key, team.productId);
    expect(first.status).toBe(201);
    const stored = await api().db.idempotencyRecord.findFirstOrThrow({ where: { key } });
    await markRunning(key);

    const dup = await post(agent, '/items', body, key, team.productId);
    expect(dup).toMatchObject({
      status: 409,
      retryAfter: '1',
      body: { error: { code: 'IN_PROGRESS', details: { key, retryAfterSeconds: 1 } } },
    });
    // a version race is still CONFLICT: the codes tell the two apart
    expect(dup.body.error?.code).not.toBe('CONFLICT');

    await api().db.idempotencyRecord.update({ where: { id: stored.id }, data: { response: stored.response as object } });
    expect(await post(agent, '/items', body, key, team.productId)).toMatchObject({ status: 201, body: { id: first.body.id } });
    expect(await api().db.item.count({ where: { productId: team.productId } })).toBe(1);
  });

  it('answers every loser of 12 concurrent same-key requests with IN_PROGRESS and Retry-After, never CONFLICT', async () => {
    const team = await buildTeam(api());
    const agent = await team.agent(['read', 'write']);
    const key = newKey();
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => post(agent, '/items', { type: 'task', title: 'Raced' }, key, team.productId)),
    );
    const created = answers.filter((a) => a.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((a) => a.body.id)).size).toBe(1);
    for (const a of answers.filter((x) => x.status !== 201)) {
      expect(a).toMatchObject({ status: 409, retryAfter: '1', body: { error: { code: 'IN_PROGRESS' } } });
    }
    expect(await api().db.item.count({ where: { productId: team.productId } })).toBe(1);
  });

  it('is waited out by the agent client: the helper sends the same write again after Retry-After', async () => {
    const team = await buildTeam(api());
    const agent = await team.agent(['read', 'write']);
    const item = await agent.client.items.create.mutate({ productId: team.productId, type: 'task', title: 'Talked about' });
    let pendingKey: string | undefined;
    // Before the helper's first comment reaches the server, an earlier attempt with its key is "still running"
    // (a pending record, as a first request holds it); it ends (its key freed, as a failed write frees it) 300 ms later.
    const fetchWithEarlierAttempt: typeof fetch = async (input, init) => {
      const sent = JSON.parse(String(init?.body ?? 'null')) as { json?: { idempotencyKey?: string; body?: string } } | null;
      const key = sent?.json?.idempotencyKey;
      if (key && sent.json?.body === 'Once' && !pendingKey) {
        pendingKey = key;
        const request = { path: 'items.comments.add', request: { productId: team.productId, ref: item.id, body: 'Once' } };
        await api().db.idempotencyRecord.create({
          data: { callerId: `key:${agent.principal.apiKeyId}`, key, requestHash: requestHash(request), response: { pending: true } },
        });
        // (Prisma queries are lazy: then() sends it)
        setTimeout(
          () =>
            void api()
              .db.idempotencyRecord.deleteMany({ where: { key } })
              .then(() => {}),
          300,
        );
      }
      return fetch(input, init);
    };
    const helper = createAgentClient({ url: api().url, token: agent.secret, productId: team.productId, fetch: fetchWithEarlierAttempt });
    const started = Date.now();
    const comment = await helper.items.comment(item.id, 'Once');
    expect(comment.body).toBe('Once');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(await api().db.comment.count({ where: { itemId: item.id } })).toBe(1);

    // with no retries left, the helper throws the code for the caller to act on
    pendingKey = undefined;
    const impatient = createAgentClient({
      url: api().url,
      token: agent.secret,
      productId: team.productId,
      retries: 0,
      fetch: fetchWithEarlierAttempt,
    });
    const error = await impatient.items.comment(item.id, 'Once').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatonError);
    expect(error).toMatchObject({ code: 'IN_PROGRESS', details: { retryAfterSeconds: 1 } });
  });
});
