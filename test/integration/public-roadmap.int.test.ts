import * as core from '@baton/core';
import { afterAll, describe, expect, it } from 'vitest';
import { anonymousCaller, testDb, testDeps } from '../support/builders.ts';
import { expectDomainError, expectInputError } from '../support/expect-error.ts';
import { buildPublicBoard, linkInOutbox, solvedChallenge, verifiedVoter } from '../support/public-board.ts';

const db = testDb();
const deps = { ...testDeps(db), pow: { maxNumber: 500 }, publicUrl: 'http://roadmap.test' };
const anon = anonymousCaller(deps);
afterAll(() => db.$disconnect());

describe('public roadmap reads', () => {
  it('shows only public items of shown types, with stats, search, sort and a board', async () => {
    const b = await buildPublicBoard(db, deps);
    const a = await b.publicItem('Export to CSV', { description: 'Spreadsheets please' });
    const c = await b.publicItem('Crash when saving', { type: 'bug' });
    await b.publicItem('Hidden task type', { type: 'task' });
    const secret = await b.caller.items.create({ productId: b.product.id, type: 'feature', title: 'Secret plan' });
    await b.caller.items.update({ productId: b.product.id, ref: c.id, expectedVersion: c.version, patch: { status: 'in_progress' } });
    await db.item.update({ where: { id: a.id }, data: { voteCount: 5 } });

    const list = await anon.public.list({ productKey: b.product.key });
    expect(list.items.map((i) => i.key)).toEqual([a.key, c.key]);
    expect(list.stats).toEqual({ total: 2, votes: 5, inProgress: 1, completed: 0 });
    expect(JSON.stringify(list)).not.toContain('Secret plan');
    expect((await anon.public.list({ productKey: b.product.key, q: 'spreadsheet' })).items.map((i) => i.key)).toEqual([a.key]);
    expect((await anon.public.list({ productKey: b.product.key, sort: 'recent' })).items[0]!.key).toBe(c.key);
    expect((await anon.public.list({ productKey: b.product.key, type: 'bug' })).items.map((i) => i.key)).toEqual([c.key]);

    const board = await anon.public.board({ productKey: b.product.key });
    expect(board.columns.map((col) => [col.status, col.total])).toEqual([
      ['under_review', 0],
      ['planned', 1],
      ['in_progress', 1],
      ['done', 0],
    ]);

    const page = await anon.public.item({ productKey: b.product.key, ref: a.number });
    expect(page).toMatchObject({ key: a.key, title: 'Export to CSV', description: 'Spreadsheets please', status: 'planned', voteCount: 5 });
    // a private item, a missing one and a hidden type answer alike
    for (const ref of [secret.number, 99_999, secret.key])
      await expectDomainError(anon.public.item({ productKey: b.product.key, ref }), 'NOT_FOUND');
  });

  it('answers NOT_FOUND for a board that is off, exactly like a missing one', async () => {
    const b = await buildPublicBoard(db, deps, { enabled: false });
    await expectDomainError(anon.public.list({ productKey: b.product.key }), 'NOT_FOUND');
    await expectDomainError(anon.public.list({ productKey: 'NOPE9' }), 'NOT_FOUND');
  });
});

describe('submitting an idea', () => {
  it('lands in triage with a private status link mailed to the submitter', async () => {
    const b = await buildPublicBoard(db, deps);
    const email = `idea-${b.product.key.toLowerCase()}@example.test`;
    const { token } = await anon.public.submit({
      productKey: b.product.key,
      name: 'Ada <b>Lovelace</b>',
      email,
      type: 'feature',
      title: 'Dark mode <script>alert(1)</script>',
      description: 'Please',
      solution: solvedChallenge(deps),
    });
    const status = await anon.public.submission({ token });
    // text is stored as written (docs/input.md); every page and email escapes it when rendering
    expect(status).toMatchObject({ title: 'Dark mode <script>alert(1)</script>', state: 'pending', status: 'under_review' });
    expect(await linkInOutbox(db, email, '/submissions/')).toBe(token);
    const inbox = await b.caller.triage.list({ productId: b.product.id });
    expect(inbox.items).toHaveLength(1);
    expect(inbox.items[0]).toMatchObject({ name: 'Ada <b>Lovelace</b>', email, item: { visibility: 'internal', title: 'Dark mode <script>alert(1)</script>' } });
    // not on the public board until accepted
    expect((await anon.public.list({ productKey: b.product.key })).items).toHaveLength(0);
  });

  it('refuses a wrong, forged or reused challenge solution', async () => {
    const b = await buildPublicBoard(db, deps);
    const idea = { productKey: b.product.key, name: 'Bob', email: 'bob@example.test', type: 'feature' as const, title: 'Something useful' };
    const solution = solvedChallenge(deps);
    await anon.public.submit({ ...idea, solution });
    const reused = await expectDomainError(anon.public.submit({ ...idea, solution }), 'BAD_INPUT');
    expect(reused.message).toMatch(/already used/);
    const p = JSON.parse(Buffer.from(solvedChallenge(deps), 'base64').toString());
    const wrong = Buffer.from(JSON.stringify({ ...p, number: p.number + 1 })).toString('base64');
    expect((await expectDomainError(anon.public.submit({ ...idea, solution: wrong }), 'BAD_INPUT')).message).toMatch(/wrong/);
    const forged = Buffer.from(JSON.stringify({ ...p, signature: 'f'.repeat(64) })).toString('base64');
    expect((await expectDomainError(anon.public.submit({ ...idea, solution: forged }), 'BAD_INPUT')).message).toMatch(/not issued/);
    await expectDomainError(anon.public.submit({ ...idea, solution: 'garbage' }), 'BAD_INPUT');
  });
});

describe('votes', () => {
  it('counts a vote once the email is confirmed, once per email, within the limit, and can be taken back', async () => {
    const b = await buildPublicBoard(db, deps, { voteLimit: 2 });
    const [x, y, z] = [await b.publicItem('One'), await b.publicItem('Two'), await b.publicItem('Three')];
    const email = `v-${b.product.key.toLowerCase()}@example.test`;
    expect(await anon.public.vote({ productKey: b.product.key, ref: x.number, email })).toEqual({ state: 'pending', voteCount: 0 });
    const verify = await linkInOutbox(db, email, '/verify/');
    const confirmed = await anon.public.verifyEmail({ token: verify });
    expect(confirmed).toMatchObject({ email, counted: 1 });
    await expectDomainError(anon.public.verifyEmail({ token: verify }), 'NOT_FOUND');
    const voterToken = confirmed.voterToken;
    expect((await anon.public.item({ productKey: b.product.key, ref: x.number, voterToken })).voteCount).toBe(1);
    expect(await anon.public.vote({ productKey: b.product.key, ref: x.number, voterToken })).toEqual({ state: 'already', voteCount: 1 });
    expect(await anon.public.vote({ productKey: b.product.key, ref: y.key, voterToken })).toEqual({ state: 'counted', voteCount: 1 });
    await expectDomainError(anon.public.vote({ productKey: b.product.key, ref: z.number, voterToken }), 'CONFLICT');
    expect(await anon.public.unvote({ productKey: b.product.key, ref: y.number, voterToken })).toEqual({ state: 'counted', voteCount: 0 });
    expect((await anon.public.vote({ productKey: b.product.key, ref: z.number, voterToken })).state).toBe('counted');
    expect((await anon.public.list({ productKey: b.product.key, voterToken })).voted.sort()).toEqual([x.number, z.number].sort());
  });

  it('gives each vote written in one batch its own result, in arrival order', async () => {
    const b = await buildPublicBoard(db, deps, { voteLimit: 2 });
    const [x, y, z, w] = [await b.publicItem('One'), await b.publicItem('Two'), await b.publicItem('Three'), await b.publicItem('Four')];
    const hidden = await b.caller.items.create({ productId: b.product.id, type: 'feature', title: 'Internal' });
    const [one, two] = [await verifiedVoter(db), await verifiedVoter(db)];
    const productKey = b.product.key;
    // cast with the bare email: it waits for a confirmation, which the voter token gives
    expect(await core.vote(deps, { productKey, ref: w.number, email: two.email })).toEqual({ state: 'pending', voteCount: 0 });
    // issued together, so they queue for the same batch
    const settled = await Promise.allSettled([
      core.vote(deps, { productKey, ref: x.number, voterToken: one.token }),
      core.vote(deps, { productKey, ref: x.key, voterToken: one.token }),
      core.vote(deps, { productKey, ref: y.number, voterToken: one.token }),
      core.vote(deps, { productKey, ref: z.number, voterToken: one.token }),
      core.vote(deps, { productKey, ref: z.number, voterToken: two.token }),
      core.vote(deps, { productKey, ref: hidden.number, voterToken: two.token }),
      core.vote(deps, { productKey, ref: y.number, voterToken: core.randomToken() }),
      core.vote(deps, { productKey, ref: w.number, voterToken: two.token }),
    ]);
    const [counted, duplicate, second, overLimit, otherVoter, privateItem, unknownToken, confirmed] = settled;
    expect(counted).toEqual({ status: 'fulfilled', value: { state: 'counted', voteCount: 1 } });
    expect(duplicate).toEqual({ status: 'fulfilled', value: { state: 'already', voteCount: 1 } });
    expect(second).toEqual({ status: 'fulfilled', value: { state: 'counted', voteCount: 1 } });
    expect(otherVoter).toEqual({ status: 'fulfilled', value: { state: 'counted', voteCount: 1 } });
    expect(confirmed).toEqual({ status: 'fulfilled', value: { state: 'counted', voteCount: 1 } });
    const reason = (r: PromiseSettledResult<unknown>) => (r.status === 'rejected' ? r.reason : r.value);
    await expectDomainError(Promise.reject(reason(overLimit)), 'CONFLICT').then((e) => expect(e.details).toEqual({ limit: 2 }));
    await expectDomainError(Promise.reject(reason(privateItem)), 'NOT_FOUND');
    await expectDomainError(Promise.reject(reason(unknownToken)), 'BAD_INPUT');
    const counts = await db.item.findMany({ where: { productId: b.product.id }, select: { number: true, voteCount: true } });
    expect(Object.fromEntries(counts.map((c) => [c.number, c.voteCount]))).toEqual({ [x.number]: 1, [y.number]: 1, [z.number]: 1, [w.number]: 1, [hidden.number]: 0 });
    expect(await db.vote.count({ where: { email: { in: [one.email, two.email] }, verifiedAt: { not: null } } })).toBe(4);
  });

  it('refuses votes on an item made private at once, and on a board switched off within a second', async () => {
    const b = await buildPublicBoard(db, deps);
    const [x, y] = [await b.publicItem('Stays'), await b.publicItem('Goes private')];
    const voter = await verifiedVoter(db);
    const productKey = b.product.key;
    expect((await core.vote(deps, { productKey, ref: x.number, voterToken: voter.token })).state).toBe('counted');
    await db.item.update({ where: { id: y.id }, data: { visibility: 'internal' } });
    await expectDomainError(core.vote(deps, { productKey, ref: y.number, voterToken: voter.token }), 'NOT_FOUND');
    await db.product.update({ where: { id: b.product.id }, data: { publicSettings: { enabled: false } } });
    await new Promise((r) => setTimeout(r, 1_100));
    await expectDomainError(core.vote(deps, { productKey, ref: x.number, voterToken: voter.token }), 'NOT_FOUND');
  });

  it('keeps counts exact under 200 parallel votes from distinct verified emails', async () => {
    const b = await buildPublicBoard(db, deps);
    const item = await b.publicItem('Popular');
    const voters = await Promise.all(Array.from({ length: 200 }, () => verifiedVoter(db)));
    const results = await Promise.all(
      voters.map((v) => anon.public.vote({ productKey: b.product.key, ref: item.number, voterToken: v.token })),
    );
    expect(results.every((r) => r.state === 'counted')).toBe(true);
    // the same 200 again, racing: deduplicated
    await Promise.all(
      voters.slice(0, 50).map((v) => anon.public.vote({ productKey: b.product.key, ref: item.number, voterToken: v.token })),
    );
    expect((await anon.public.item({ productKey: b.product.key, ref: item.number })).voteCount).toBe(200);
    expect(await db.vote.count({ where: { itemId: item.id } })).toBe(200);
  }, 120_000);

  it('stays exact when two servers write batches for the same voters at once', async () => {
    // a second client has its own batch queue, like a second replica: batches run side by side on PostgreSQL
    const other = testDb();
    try {
      const b = await buildPublicBoard(db, deps, { voteLimit: 2 });
      const items = [await b.publicItem('A'), await b.publicItem('B'), await b.publicItem('C')];
      const voters = await Promise.all(Array.from({ length: 40 }, () => verifiedVoter(db)));
      const servers = [deps, { ...deps, db: other }];
      const settled = await Promise.allSettled(
        voters.flatMap((v, i) =>
          items.map((item, k) => core.vote(servers[(i + k) % 2]!, { productKey: b.product.key, ref: item.number, voterToken: v.token })),
        ),
      );
      const refused = settled.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason);
      expect(refused.every((e) => e instanceof core.DomainError && e.code === 'CONFLICT'), String(refused[0])).toBe(true);
      expect(refused).toHaveLength(40);
      const rows = await db.item.findMany({ where: { id: { in: items.map((i) => i.id) } }, select: { id: true, voteCount: true } });
      for (const row of rows) expect(row.voteCount).toBe(await db.vote.count({ where: { itemId: row.id } }));
      expect(rows.reduce((n, r) => n + r.voteCount, 0)).toBe(80);
    } finally {
      await other.$disconnect();
    }
  }, 120_000);
});

describe('triage, similar items and shipping', () => {
  it('suggests similar items, merges votes into the chosen item, and tells the submitter', async () => {
    const b = await buildPublicBoard(db, deps);
    const target = await b.publicItem('Export reports to CSV files', { description: 'Download the report table as a CSV spreadsheet' });
    await b.publicItem('Dark mode for the dashboard');
    const similar = await anon.public.similar({ productKey: b.product.key, text: 'csv export of reports' });
    expect(similar[0]).toMatchObject({ key: target.key });
    const email = `m-${b.product.key.toLowerCase()}@example.test`;
    const { token } = await anon.public.submit({
      productKey: b.product.key,
      name: 'Cy',
      email,
      type: 'feature',
      title: 'CSV export for reports',
      solution: solvedChallenge(deps),
    });
    const [entry] = (await b.caller.triage.list({ productId: b.product.id })).items;
    expect(entry!.similar[0]).toMatchObject({ key: target.key });
    // a verified vote on the idea moves with the merge
    const voter = await verifiedVoter(db);
    await db.vote.create({ data: { itemId: entry!.item.id, email: voter.email, verifiedAt: new Date() } });
    expect(
      await b.caller.triage.merge({ productId: b.product.id, submissionId: entry!.id, into: target.key, publicReason: 'Same request' }),
    ).toEqual({ id: entry!.id, state: 'merged' });
    await expectDomainError(b.caller.triage.accept({ productId: b.product.id, submissionId: entry!.id }), 'CONFLICT');
    expect((await anon.public.item({ productKey: b.product.key, ref: target.number })).voteCount).toBe(1);
    const status = await anon.public.submission({ token });
    expect(status).toMatchObject({ state: 'merged', publicReason: 'Same request', item: { key: target.key, isPublic: true } });
    const mail = await db.emailMessage.findFirst({ where: { to: email, kind: 'merged' } });
    expect(mail?.text).toContain(`/roadmap/${b.product.key}/${target.number}`);
  });

  it('accepts an idea onto the board, notifies status changes, ships it once and honours unsubscribe', async () => {
    const b = await buildPublicBoard(db, deps);
    const email = `s-${b.product.key.toLowerCase()}@example.test`;
    const { token } = await anon.public.submit({
      productKey: b.product.key,
      name: 'Di',
      email,
      type: 'feature',
      title: 'Keyboard shortcuts',
      solution: solvedChallenge(deps),
    });
    const [entry] = (await b.caller.triage.list({ productId: b.product.id })).items;
    await b.caller.triage.accept({ productId: b.product.id, submissionId: entry!.id });
    const onBoard = await anon.public.item({ productKey: b.product.key, ref: entry!.item.number });
    const voter = await verifiedVoter(db);
    await anon.public.vote({ productKey: b.product.key, ref: onBoard.number, voterToken: voter.token });
    const item = await b.caller.items.get({ productId: b.product.id, ref: entry!.item.id });
    await b.caller.items.update({ productId: b.product.id, ref: item.id, expectedVersion: item.version, patch: { status: 'in_progress' } });
    expect(await db.emailMessage.count({ where: { to: voter.email, kind: 'status_changed' } })).toBe(1);
    // the voter unsubscribes through the link in that message
    const unsub = await linkInOutbox(db, voter.email, '/unsubscribe/');
    expect(await anon.public.unsubscribe({ token: unsub })).toEqual({ email: voter.email });
    const release = await b.caller.releases.create({ productId: b.product.id, name: 'v2', itemIds: [item.id], isPublic: true });
    await b.caller.releases.publish({ id: release.id });
    expect(await db.emailMessage.count({ where: { to: email, kind: 'shipped' } })).toBe(1);
    expect(await db.emailMessage.count({ where: { to: voter.email, kind: 'shipped' } })).toBe(0);
    const status = await anon.public.submission({ token });
    expect(status.history.map((h) => h.label)).toEqual([
      'Submitted',
      'Accepted by the team',
      'Status changed to in progress',
      'Shipped in v2',
    ]);
    const log = await anon.public.changelog({ productKey: b.product.key });
    expect(log.releases[0]).toMatchObject({ name: 'v2', items: [{ title: 'Keyboard shortcuts', isPublic: true }] });
  });

  it('declines with a public reason', async () => {
    const b = await buildPublicBoard(db, deps);
    const { token } = await anon.public.submit({
      productKey: b.product.key,
      name: 'Ed',
      email: 'ed@example.test',
      type: 'bug',
      title: 'Make it blue',
      solution: solvedChallenge(deps),
    });
    const [entry] = (await b.caller.triage.list({ productId: b.product.id })).items;
    await expectInputError(b.caller.triage.decline({ productId: b.product.id, submissionId: entry!.id, publicReason: '' }), 'publicReason');
    await b.caller.triage.decline({ productId: b.product.id, submissionId: entry!.id, publicReason: 'Out of scope' });
    expect(await anon.public.submission({ token })).toMatchObject({ state: 'declined', status: 'declined', publicReason: 'Out of scope' });
  });
});
