import { afterAll, describe, expect, it } from 'vitest';
import { buildOrg, buildUser, callerAsUser, testDb, testDeps } from '../support/builders.ts';
import { expectDomainError, expectInputError } from '../support/expect-error.ts';

// What the web app used to do on its own, now in core for every client: merging an edit that crossed someone
// else's edit of another field (items.update's `base`), and creating a release published in one transaction.

const db = testDb();
const deps = testDeps(db);
afterAll(() => db.$disconnect());

async function team() {
  const { org, product } = await buildOrg(db);
  const me = await callerAsUser(deps, await buildUser(db, org.id, 'manager'));
  const them = await callerAsUser(deps, await buildUser(db, org.id, 'developer'));
  return { productId: product.id, me: me.caller, them: them.caller };
}

describe('items.update with a base (the values the caller started from)', () => {
  it('merges a save made on an older version when only other fields changed since', async () => {
    const { productId, me, them } = await team();
    const item = await me.items.create({ productId, type: 'bug', title: 'Crash', priority: 'low' });
    await them.items.update({ productId, ref: item.key, expectedVersion: item.version, patch: { title: 'Crash on save' } });
    const merged = await me.items.update({ productId, ref: item.key, expectedVersion: item.version, patch: { priority: 'high' }, base: { priority: 'low' } });
    expect(merged).toMatchObject({ title: 'Crash on save', priority: 'high', version: item.version + 2 });
    // both edits are in the activity log, each by its author
    const log = await me.items.activity({ productId, ref: item.key, limit: 10 });
    expect(log.items.filter((a) => a.field).map((a) => a.field).sort()).toEqual(['priority', 'title']);
  });

  it('refuses when the patched field itself changed since, naming it and the current version', async () => {
    const { productId, me, them } = await team();
    const item = await me.items.create({ productId, type: 'task', title: 'Mine', description: 'first' });
    await them.items.update({ productId, ref: item.key, expectedVersion: item.version, patch: { description: 'theirs' } });
    const err = await expectDomainError(
      me.items.update({ productId, ref: item.key, expectedVersion: item.version, patch: { description: 'mine' }, base: { description: 'first' } }),
      'CONFLICT',
    );
    expect(err.details).toEqual({ currentVersion: item.version + 1, fields: ['description'] });
    expect((await me.items.get({ productId, ref: item.key })).description).toBe('theirs');
  });

  it('refuses a stale version without a base, as before, and a base naming fields the patch does not change', async () => {
    const { productId, me, them } = await team();
    const item = await me.items.create({ productId, type: 'task', title: 'Plain' });
    await them.items.update({ productId, ref: item.key, expectedVersion: item.version, patch: { title: 'Plainer' } });
    const err = await expectDomainError(me.items.update({ productId, ref: item.key, expectedVersion: item.version, patch: { priority: 'high' } }), 'CONFLICT');
    expect(err.details).toEqual({ currentVersion: item.version + 1, fields: ['priority'] });
    const bad = await expectInputError(
      me.items.update({ productId, ref: item.key, expectedVersion: item.version + 1, patch: { priority: 'high' }, base: { title: 'Plain' } }),
      'base',
    );
    expect(bad.message).toContain('names fields the patch does not change');
  });

  it('lets exactly one of two merges race through when they change the same field', async () => {
    const { productId, me, them } = await team();
    const item = await me.items.create({ productId, type: 'task', title: 'Race', priority: 'low' });
    await them.items.update({ productId, ref: item.key, expectedVersion: item.version, patch: { title: 'Race on' } });
    const results = await Promise.allSettled(
      (['high', 'critical'] as const).map((priority) =>
        me.items.update({ productId, ref: item.key, expectedVersion: item.version, patch: { priority }, base: { priority: 'low' } }),
      ),
    );
    const ok = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(ok).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected');
    await expectDomainError(Promise.reject(refused!.reason), 'CONFLICT');
    expect(await me.items.get({ productId, ref: item.key })).toMatchObject({ priority: ok[0]!.priority, version: item.version + 2 });
  });
});

describe('releases.create with publish', () => {
  it('creates the release published, in one call', async () => {
    const { productId, me } = await team();
    const release = await me.releases.create({ productId, name: 'v1.0', notes: 'First', isPublic: true, publish: true });
    expect(release.publishedAt).toBeInstanceOf(Date);
    const log = await db.activityEvent.findMany({ where: { productId, itemId: null }, select: { action: true }, orderBy: { seq: 'asc' } });
    expect(log.map((a) => a.action)).toEqual(['release_created', 'release_published']);
  });

  it('leaves nothing behind when the publish fails: no stray draft', async () => {
    const { productId, me } = await team();
    const name = `Refused ${productId}`;
    // a real failure inside the publish's statements: the database refuses to stamp this release as published
    await db.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION refuse_publish_for_test() RETURNS trigger AS $$
      BEGIN IF NEW."publishedAt" IS NOT NULL AND NEW."name" LIKE 'Refused %' THEN RAISE EXCEPTION 'publish refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await db.$executeRawUnsafe(`CREATE TRIGGER refuse_publish_for_test BEFORE UPDATE ON "Release" FOR EACH ROW EXECUTE FUNCTION refuse_publish_for_test()`);
    try {
      await expect(me.releases.create({ productId, name, publish: true })).rejects.toThrow();
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER refuse_publish_for_test ON "Release"`);
      await db.$executeRawUnsafe(`DROP FUNCTION refuse_publish_for_test()`);
    }
    expect(await db.release.count({ where: { productId } })).toBe(0);
    expect(await db.activityEvent.count({ where: { productId } })).toBe(0);
    // without publish the same release is a draft, as before
    const draft = await me.releases.create({ productId, name });
    expect(draft.publishedAt).toBeNull();
  });
});
