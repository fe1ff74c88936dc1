import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Challenge } from '@baton/contracts';
import type { Deps } from '../deps.ts';
import { badField } from '../errors.ts';

/**
 * Self-hosted proof of work in ALTCHA's format (altcha.org, MIT): the server picks a secret number n below
 * maxnumber and publishes sha256(salt + n) with an HMAC signature; the browser finds n by brute force (about
 * maxnumber/2 hashes) and sends it back. The salt carries the expiry, so a challenge needs no storage until it is
 * redeemed; redeemed challenges are remembered until they expire, so each solution is accepted once.
 *
 * The expiry is authenticated twice over: the HMAC covers the algorithm, the salt (with its expiry) and the
 * challenge, each on its own line; and the salt ends with `&`, so digits cannot move between the salt's expiry
 * and the number (sha256(salt + number) would otherwise match for "…expires=17000000004" + "2" as for
 * "…expires=1700000000" + "42", the flaw ALTCHA fixed the same way).
 */
export type PowConfig = { secret: string; maxNumber: number; ttlSeconds: number };

// one process, one secret when none is configured: challenges then do not survive a restart, which is harmless
const PROCESS_SECRET = randomBytes(32).toString('hex');
export const powConfig = ({ pow }: Pick<Deps, 'pow'>): PowConfig => ({
  secret: pow?.secret ?? PROCESS_SECRET,
  maxNumber: pow?.maxNumber ?? 50_000,
  ttlSeconds: pow?.ttlSeconds ?? 600,
});

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const hmac = (secret: string, s: string) => createHmac('sha256', secret).update(s).digest('hex');
/** What the signature covers: every field the server issued, one per line (none of them holds a newline). */
const signed = (secret: string, c: { algorithm: string; salt: string; challenge: string }) =>
  hmac(secret, `${c.algorithm}\n${c.salt}\n${c.challenge}`);
/** 24 hex digits of randomness, then the expiry in seconds, closed by `&` */
const SALT = /^[0-9a-f]{24}\?expires=(\d{10,12})&$/;

export function createChallenge(deps: Pick<Deps, 'pow' | 'clock'>): Challenge {
  const cfg = powConfig(deps);
  const expires = Math.floor(deps.clock().getTime() / 1000) + cfg.ttlSeconds;
  const salt = `${randomBytes(12).toString('hex')}?expires=${expires}&`;
  const number = randomBytes(4).readUInt32BE() % (cfg.maxNumber + 1);
  const challenge = sha256(salt + number);
  const algorithm = 'SHA-256';
  return { algorithm, challenge, maxnumber: cfg.maxNumber, salt, signature: signed(cfg.secret, { algorithm, salt, challenge }) };
}

/** Finds the number the way a browser does (tests, benchmarks and the CLI use it). */
export function solveChallenge(c: Challenge): string {
  for (let n = 0; n <= c.maxnumber; n++) {
    if (sha256(c.salt + n) === c.challenge) {
      return Buffer.from(
        JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: n, salt: c.salt, signature: c.signature }),
      ).toString('base64');
    }
  }
  throw new Error('challenge has no solution');
}

const refuse = (reason: string) => badField('solution', reason);

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Checks a solution and marks its challenge used; a wrong, expired or reused one is refused with a field error. */
export async function redeemSolution(deps: Pick<Deps, 'db' | 'pow' | 'clock'>, payload: string): Promise<void> {
  const cfg = powConfig(deps);
  let p: { algorithm?: unknown; challenge?: unknown; number?: unknown; salt?: unknown; signature?: unknown };
  try {
    p = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
  } catch {
    throw refuse('is not a challenge solution');
  }
  if (
    typeof p !== 'object' ||
    p === null ||
    typeof p.challenge !== 'string' ||
    typeof p.salt !== 'string' ||
    typeof p.signature !== 'string' ||
    typeof p.number !== 'number' ||
    !Number.isSafeInteger(p.number) ||
    p.number < 0
  ) {
    throw refuse('is not a challenge solution');
  }
  const salt = SALT.exec(p.salt);
  if (
    p.algorithm !== 'SHA-256' ||
    !salt ||
    !safeEqual(signed(cfg.secret, { algorithm: p.algorithm, salt: p.salt, challenge: p.challenge }), p.signature)
  ) {
    throw refuse('was not issued by this server');
  }
  const expires = Number(salt[1]);
  const now = deps.clock();
  if (expires * 1000 < now.getTime()) throw refuse('has expired; solve a new challenge');
  if (sha256(p.salt + p.number) !== p.challenge) throw refuse('is wrong');
  try {
    await deps.db.usedChallenge.create({ data: { id: sha256(p.challenge), expiresAt: new Date(expires * 1000) } });
  } catch (e) {
    if ((e as { code?: unknown })?.code === 'P2002') throw refuse('was already used; solve a new challenge');
    throw e;
  }
}

/** Forgets expired redeemed challenges (their solutions are refused as expired anyway). */
export async function sweepUsedChallenges(deps: Pick<Deps, 'db' | 'clock'>): Promise<number> {
  const { count } = await deps.db.usedChallenge.deleteMany({ where: { expiresAt: { lt: deps.clock() } } });
  return count;
}
