import { createHash } from 'node:crypto';
import * as core from '@baton/core';
import { afterAll, describe, expect, it } from 'vitest';
import { anonymousCaller, testDb, testDeps } from '../support/builders.ts';
import { expectDomainError } from '../support/expect-error.ts';
import { buildPublicBoard, linkInOutbox, verifiedVoter } from '../support/public-board.ts';

// Bad input on the public board: a clear 4xx naming what is wrong, never a 500, and nothing that lets a
// stranger move an expiry or learn about someone else's votes.

const db = testDb();
const deps = { ...testDeps(db), pow: { maxNumber: 500 }, publicUrl: 'http://roadmap.test' };
const anon = anonymousCaller(deps);
afterAll(() => db.$disconnect());

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const encode = (p: object) => Buffer.from(JSON.stringify(p)).toString('base64');
type Solution = { algorithm: string; challenge: string; number: number; salt: string; signature: string };

/** A solved challenge whose number has at least two digits, decoded. */
function solvedWithDigits(): Solution {
  for (;;) {
    const p = JSON.parse(Buffer.from(core.solveChallenge(core.createChallenge(deps)), 'base64').toString()) as Solution;
    if (p.number >= 10) return p;
  }
}

describe('the proof of work', () => {
  it('authenticates the expiry: moved digits, a far expiry or a short one are refused with a field error', async () => {
    const b = await buildPublicBoard(db, deps);
    const idea = { productKey: b.product.key, name: 'Eve', email: 'eve@example.test', type: 'feature' as const, title: 'Tampered' };
    const p = solvedWithDigits();
    const digits = String(p.number);
    const tampered = [
      // the number's first digit moved into the salt: same sha256(salt + number), same challenge
      { ...p, salt: p.salt + digits.slice(0, 1), number: Number(digits.slice(1)) },
      // the expiry moved to the year 2539, the challenge recomputed to match
      (() => {
        const salt = p.salt.replace(/expires=\d+/, 'expires=17999999999');
        return { ...p, salt, challenge: sha256(salt + p.number) };
      })(),
      // four digits of expiry (an invalid date once stored)
      (() => {
        const salt = p.salt.replace(/expires=\d+/, 'expires=9999');
        return { ...p, salt, challenge: sha256(salt + p.number) };
      })(),
      { ...p, number: -1 },
      { ...p, number: 1.5 },
    ];
    for (const t of tampered) {
      const e = await expectDomainError(anon.public.submit({ ...idea, solution: encode(t) }), 'BAD_INPUT');
      expect(e.message).toMatch(/^solution: /);
    }
    // the untouched solution still works
    await anon.public.submit({ ...idea, solution: encode(p) });
  });
});

describe('votes with a bare email', () => {
  it('take none of the address’s votes until confirmed, so a stranger cannot spend them', async () => {
    const b = await buildPublicBoard(db, deps, { voteLimit: 2 });
    const items = [await b.publicItem('One'), await b.publicItem('Two'), await b.publicItem('Three')];
    const victim = await verifiedVoter(db);
    const productKey = b.product.key;
    // a stranger votes three times with the victim's address: each waits, none is refused
    for (const i of items) expect(await anon.public.vote({ productKey, ref: i.number, email: victim.email })).toEqual({ state: 'pending', voteCount: 0 });
    // the victim's own votes still count, up to the limit
    expect((await anon.public.vote({ productKey, ref: items[0]!.number, voterToken: victim.token })).state).toBe('counted');
    expect((await anon.public.vote({ productKey, ref: items[1]!.number, voterToken: victim.token })).state).toBe('counted');
    await expectDomainError(anon.public.vote({ productKey, ref: items[2]!.number, voterToken: victim.token }), 'CONFLICT');
  });

  it('answer the same whether or not the address voted (never "already")', async () => {
    const b = await buildPublicBoard(db, deps);
    const item = await b.publicItem('Private voters');
    const voter = await verifiedVoter(db);
    await anon.public.vote({ productKey: b.product.key, ref: item.number, voterToken: voter.token });
    const bare = await anon.public.vote({ productKey: b.product.key, ref: item.number, email: voter.email });
    const stranger = await anon.public.vote({ productKey: b.product.key, ref: item.number, email: 'nobody-voted@example.test' });
    expect(bare.state).toBe('pending');
    expect(stranger.state).toBe('pending');
  });

  it('are listed in the confirmation email, and confirming counts those within the limit, no others', async () => {
    const b = await buildPublicBoard(db, deps, { voteLimit: 1 });
    const [one, two] = [await b.publicItem('Listed first'), await b.publicItem('Listed second')];
    const email = `list-${b.product.key.toLowerCase()}@example.test`;
    await anon.public.vote({ productKey: b.product.key, ref: one.number, email });
    const mail = await db.emailMessage.findFirstOrThrow({ where: { to: email, kind: 'verify_email' } });
    expect(mail.text).toContain(`- Listed first (${b.product.name}, ${one.key})`);
    // within the minute no second link goes out: this vote is in no message, so the link does not count it
    await db.vote.create({ data: { itemId: two.id, email, createdAt: new Date(Date.now() + 5_000) } });
    const token = await linkInOutbox(db, email, '/verify/');
    expect(await anon.public.verifyEmail({ token })).toMatchObject({ counted: 1 });
    expect((await anon.public.item({ productKey: b.product.key, ref: one.number })).voteCount).toBe(1);
    expect((await anon.public.item({ productKey: b.product.key, ref: two.number })).voteCount).toBe(0);
  });
});
