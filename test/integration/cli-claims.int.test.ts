import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { StatusChange } from '@baton/contracts';
import { createItem, createSession, updateItem } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { buildUser, testDeps } from '../support/builders.ts';
import { userConfig, useCliServer } from '../support/cli.ts';

// The CLI's claim cycle as a subprocess: leases saved in the user config, heartbeats, status changes that end a
// claim, the ready queue and its opt-in to assigned work, and taking over your own lease.

const cli = useCliServer();
const { workspace } = cli;

describe('the claim cycle', () => {
  type Lease = { itemKey: string; fencingToken: number; leaseExpiresAt: string };
  const leases = async (home: string) => Object.values((await userConfig(home)).state?.leases ?? {}) as (Lease & { url: string })[];

  it('claims with a TTL, heartbeats and writes with the saved fencing token, releases with a reason', async () => {
    const w = await workspace();
    const item = await createItem(w.ctx, { productId: w.product.id, type: 'task', title: 'Claim me' });

    const lease = await w.json<Lease>(['claim', item.key, '--ttl', '2m']);
    expect(lease).toMatchObject({ itemKey: item.key, fencingToken: expect.any(Number) });
    expect(new Date(lease.leaseExpiresAt).getTime() - Date.now()).toBeGreaterThan(100_000);
    expect(await leases(w.home)).toEqual([expect.objectContaining({ url: cli.url, itemKey: item.key, fencingToken: lease.fencingToken })]);
    expect((await stat(join(w.home, '.config', 'baton', 'config.json'))).mode & 0o777).toBe(0o600);

    const beat = await w.run(['heartbeat', item.key, '--ttl', '10m']);
    expect(beat).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(new RegExp(`^Lease on ${item.key} extended to \\S+ \\(in 10 min\\)\\.\\n$`)),
    });

    // someone else cannot take it meanwhile
    const rival = await buildUser(cli.db, w.org.id, 'developer');
    const rivalToken = (await createSession(testDeps(cli.db), rival.id, { twoFactorVerified: true })).token;
    const refused = await w.run(['claim', item.key], { env: { BATON_TOKEN: rivalToken } });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error CLAIM_CONFLICT: /);

    const moved = await w.json<StatusChange>(['status', item.key, 'in_progress', '--reason', 'started']);
    expect(moved).toMatchObject({ item: { status: 'in_progress' }, claimEnded: null });
    const pr = await w.json<{ number: number; branch: string }>([
      'link-pr',
      item.key,
      'https://github.com/acme/baton/pull/12',
      '--branch',
      'feat/claim',
    ]);
    expect(pr).toMatchObject({ number: 12, branch: 'feat/claim' });
    // a stale token is the server's LEASE_EXPIRED; the saved lease, still good, is kept
    const stale = await w.run(['heartbeat', item.key, '--fencing-token', String(lease.fencingToken + 100)]);
    expect(stale.stderr).toMatch(/^error LEASE_EXPIRED: /);
    expect(await leases(w.home)).toHaveLength(1);

    expect((await w.run(['release', item.key])).code).toBe(2);
    expect(await w.run(['release', item.key, '--reason', 'handing over'])).toMatchObject({ code: 0, stdout: `Released ${item.key}.\n` });
    expect(await leases(w.home)).toEqual([]);
    const history = await w.client.claims.history.query({ productId: w.product.id, ref: item.key });
    expect(history.items[0]).toMatchObject({ endReason: 'released', endNote: 'handing over' });

    const none = await w.run(['heartbeat', item.key]);
    expect(none).toMatchObject({ code: 1 });
    expect(none.stderr).toBe(
      `error NO_LEASE: no lease on ${item.key} is saved here; claim it first (baton claim ${item.key}) or pass --fencing-token\n`,
    );
  });

  it('forgets the saved lease when the server says the status change ended it (wont_fix, not only done)', async () => {
    const w = await workspace();
    const item = await createItem(w.ctx, { productId: w.product.id, type: 'task', title: 'Not worth it' });
    const lease = await w.json<Lease>(['claim', item.key]);
    // the CLI names the state the item moved to (the category's default state: Won't fix)
    const moved = await w.run(['status', item.key, 'wont_fix', '--reason', 'duplicate']);
    expect(moved).toMatchObject({ code: 0, stdout: `${item.key} is now Won't fix. Its claim ended (released).\n` });
    expect(await leases(w.home)).toEqual([]);
    expect((await w.client.claims.history.query({ productId: w.product.id, ref: item.key })).items[0]).toMatchObject({
      fencingToken: lease.fencingToken,
      endReason: 'released',
      endNote: 'duplicate',
    });
  });

  it('takes the next ready item, finishes it with status done, and says when nothing is ready', async () => {
    const w = await workspace();
    const a = await createItem(w.ctx, { productId: w.product.id, type: 'bug', title: 'Urgent', priority: 'critical', labels: ['agent'] });
    const b = await createItem(w.ctx, { productId: w.product.id, type: 'task', title: 'Later', priority: 'low' });

    const ready = await w.run(['ready']);
    expect(ready.code).toBe(0);
    const rows = ready.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^KEY +TYPE +STATUS +PRIORITY +TITLE +WHY$/);
    expect(rows.slice(1).map((r) => r.split(/ +/)[0])).toEqual([a.key, b.key]);

    const taken = await w.json<{ item: { key: string }; lease: Lease }>(['next', '--label', 'agent', '--ttl', '300']);
    expect(taken.item.key).toBe(a.key);
    expect((await leases(w.home)).map((l) => l.itemKey)).toEqual([a.key]);

    const done = await w.json<StatusChange>(['status', a.key, 'done', '--reason', 'fixed in #3']);
    expect(done).toMatchObject({ item: { status: 'done' }, claimEnded: { reason: 'completed', fencingToken: taken.lease.fencingToken } });
    expect(await leases(w.home)).toEqual([]);
    expect((await w.client.claims.history.query({ productId: w.product.id, ref: a.key })).items[0]).toMatchObject({
      endReason: 'completed',
    });

    expect(await w.run(['next', '--label', 'agent'])).toMatchObject({ code: 0, stdout: 'Nothing is ready.\n' });
    expect(JSON.parse((await w.run(['next', '--label', 'agent', '--json'])).stdout)).toBeNull();
    expect((await w.run(['next', '--ttl', '5s'])).stderr).toMatch(/^usage error: --ttl: must be at least 30 seconds/);
  });

  it('offers work a PM assigned to someone else only with --include-assigned, and claiming it keeps the assignee', async () => {
    const w = await workspace();
    const colleague = await buildUser(cli.db, w.org.id, 'developer');
    const item = await createItem(w.ctx, { productId: w.product.id, type: 'task', title: 'For the colleague' });
    await updateItem(w.ctx, { productId: w.product.id, ref: item.id, expectedVersion: item.version, patch: { assigneeUserId: colleague.id } });

    expect(await w.run(['ready'])).toMatchObject({ code: 0, stdout: 'Nothing is ready.\n' });
    const offered = await w.json<{ items: { key: string; reason: string }[] }>(['ready', '--include-assigned']);
    expect(offered.items.map((i) => i.key)).toEqual([item.key]);
    expect(await w.run(['next'])).toMatchObject({ code: 0, stdout: 'Nothing is ready.\n' });
    const taken = await w.json<{ item: { key: string; assignee: { id: string } } }>(['next', '--include-assigned']);
    expect(taken.item).toMatchObject({ key: item.key, assignee: { id: colleague.id } });
  });

  it('takes over its own lease with --take-over: a new token is saved and the old one is refused', async () => {
    const w = await workspace();
    const item = await createItem(w.ctx, { productId: w.product.id, type: 'task', title: 'Resumed elsewhere' });
    const first = await w.json<Lease>(['claim', item.key]);
    const again = await w.run(['claim', item.key]);
    expect(again).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error CLAIM_CONFLICT: /) });

    const second = await w.json<Lease>(['claim', item.key, '--take-over']);
    expect(second.fencingToken).toBe(first.fencingToken + 1);
    expect(await leases(w.home)).toEqual([expect.objectContaining({ itemKey: item.key, fencingToken: second.fencingToken })]);
    const stale = await w.run(['heartbeat', item.key, '--fencing-token', String(first.fencingToken)]);
    expect(stale.stderr).toMatch(/^error LEASE_EXPIRED: /);
    const done = await w.json<StatusChange>(['status', item.key, 'done']);
    expect(done.claimEnded).toMatchObject({ reason: 'completed', fencingToken: second.fencingToken });
  });
});
