import { authenticateApiKey, createApiKey, createUsageRecorder } from '@baton/core';
import { afterAll, describe, expect, it } from 'vitest';
import { buildOrg, buildUser, testDb, testDeps } from '../support/builders.ts';

const db = testDb();
afterAll(() => db.$disconnect());

describe('buffered API-key usage', () => {
  it('counts every request but writes once per flush', async () => {
    const { org } = await buildOrg(db);
    const owner = await buildUser(db, org.id, 'owner');
    const deps = { ...testDeps(db), usage: createUsageRecorder(db) };
    const { key, secret } = await createApiKey(
      { ...deps, principal: { kind: 'user', userId: owner.id, name: owner.name, email: owner.email, sessionId: null } },
      { organizationId: org.id, name: 'buffered', role: 'agent', scopes: ['read'] },
    );
    for (let i = 0; i < 7; i++) await authenticateApiKey(deps, secret, '127.0.0.1');
    // nothing written yet: requests did not wait on an UPDATE
    expect(await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).toMatchObject({ requestCount: 0, lastUsedAt: null });
    await deps.usage.flush();
    const after = await db.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(after.requestCount).toBe(7);
    expect(after.lastUsedAt).toBeInstanceOf(Date);
    await authenticateApiKey(deps, secret, '127.0.0.1');
    await deps.usage.flush();
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).requestCount).toBe(8);
  });
});
