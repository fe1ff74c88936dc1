import { createHash } from 'node:crypto';
import * as core from '@baton/core';
import { afterAll, describe, expect, it } from 'vitest';
import { anonymousCaller, testDb, testDeps } from '../support/builders.ts';
import { expectDomainError } from '../support/expect-error.ts';
import { buildPublicBoard } from '../support/public-board.ts';

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
