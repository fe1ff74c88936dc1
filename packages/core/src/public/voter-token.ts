import type { Deps } from '../deps.ts';
import { hashToken } from '../auth/tokens.ts';
import type { PublicBoard } from './public-product.ts';

/** A confirmed link keeps identifying its browser this long (the voter cookie's lifetime). */
export const VOTER_TOKEN_DAYS = 180;

/**
 * The voter credential is the one-time confirmation token itself: once redeemed, the browser keeps it in a
 * cookie, and it proves the email for votes, unvotes and "you voted" marks. Hashed at rest like every token.
 */
export async function voterEmailOf(deps: Pick<Deps, 'db' | 'clock'>, token: string | undefined): Promise<string | null> {
  if (!token) return null;
  const row = await deps.db.emailVerification.findUnique({ where: { tokenHash: hashToken(token) }, select: { email: true, usedAt: true } });
  return confirmedEmailOf(row, deps.clock());
}

/** The oldest confirmation (epoch ms) a voter token may have at `now` (epoch ms) and still prove its email. */
export const voterTokenValidSince = (now: number) => now - VOTER_TOKEN_DAYS * 86_400_000;

/** The email a redeemed confirmation link proves at `now`, or null (never redeemed, or redeemed too long ago). */
function confirmedEmailOf(link: { email: string; usedAt: Date | null } | null | undefined, now: Date): string | null {
  if (!link?.usedAt || link.usedAt.getTime() < voterTokenValidSince(now.getTime())) return null;
  return link.email;
}

/** Which of `numbers` the token's email voted for on this board. */
export async function votedNumbers(
  deps: Pick<Deps, 'db' | 'clock'>,
  board: PublicBoard,
  token: string | undefined,
  numbers: number[],
): Promise<number[]> {
  const email = await voterEmailOf(deps, token);
  if (!email || !numbers.length) return [];
  const votes = await deps.db.vote.findMany({
    where: { email, item: { productId: board.id, number: { in: numbers } } },
    select: { item: { select: { number: true } } },
  });
  return votes.map((v) => v.item.number);
}
