import type { VoteResult } from '@baton/contracts';
import type { Db } from '@baton/db';
import { hashToken } from '../auth/tokens.ts';
import type { Deps } from '../deps.ts';
import { DomainError, notFound } from '../errors.ts';
import { itemNumberOf, pickPublicBoard, type PublicBoard } from './public-product.ts';
import { voterTokenValidSince } from './voter-token.ts';

/**
 * Group commit for confirmed votes (a voter token, the common case under load).
 *
 * Why: the embedded database is one session, so transactions run one at a time; a vote in its own transaction
 * costs about ten round trips, which capped throughput near 85 votes/s however many voters were waiting. Votes
 * that arrive while a batch is being written queue up and go into the next batch. A batch is one call of the
 * database function `baton_vote_batch` (its migration holds the SQL): one statement, one round trip and its own
 * commit, whatever the batch's size. As an interactive transaction of six statements, each round trip waited
 * behind the HTTP work on this process's event loop: a batch of 16 votes took 27-32 ms at concurrency 32; as one
 * call it takes a few. A caller's promise settles only after its batch commits (nothing acknowledged is lost),
 * with its own result or its own DomainError; if the statement fails, every caller of that batch gets the error.
 * The count returned is the item's count once the batch is in.
 *
 * Items are read fresh by every batch: an item made private refuses votes from the next batch on (a batch takes
 * milliseconds). Boards are cached for at most BOARD_TTL_MS (one second), per database, so switching a board off
 * (or changing its types or vote limit) takes effect within a second.
 *
 * Deadlocks: every batch takes its emails' advisory locks in one sorted order before touching rows, then locks
 * the items it counts in id order; the per-vote paths (bare email, unvote, verifyEmail) take a single email
 * lock first too, so concurrent transactions on several PostgreSQL connections cannot wait on each other in a
 * cycle.
 */

export type ConfirmedVote = { productKey: string; ref: string | number; voterToken: string };
/** null: the token proves no email (never redeemed, or too old); the caller falls back to the per-vote path */
type Outcome = { ok: true; value: VoteResult | null } | { ok: false; error: unknown };
type Waiting = { deps: Deps; input: ConfirmedVote; settle: (o: Outcome) => void };
type Queue = { waiting: Waiting[]; writing: boolean; boards: Map<string, { board: PublicBoard | null; until: number }> };

/** Bounds one statement's arrays; more waiting votes go into the following batch. */
const MAX_BATCH = 256;
/** How long a board (on, off, its settings) is trusted: switching a board off stops its votes within this. */
const BOARD_TTL_MS = 1_000;
const MAX_CACHED_BOARDS = 1_000;

/** An email used up its votes on a board (per-vote and batched paths alike). */
export const voteLimitReached = (limit: number) =>
  new DomainError('CONFLICT', `You have used all ${limit} votes on this board; take one back to vote here`, { limit });

const queues = new WeakMap<Db, Queue>();

/** Queues a vote with a voter token for the next batch of its database. */
export function voteInBatch(deps: Deps, input: ConfirmedVote): Promise<VoteResult | null> {
  let queue = queues.get(deps.db);
  if (!queue) queues.set(deps.db, (queue = { waiting: [], writing: false, boards: new Map() }));
  const q = queue;
  return new Promise<VoteResult | null>((resolve, reject) => {
    q.waiting.push({ deps, input, settle: (o) => (o.ok ? resolve(o.value) : reject(o.error)) });
    // votes arriving in the same tick join the first batch too
    if (!q.writing) {
      q.writing = true;
      setImmediate(() => void drain(deps.db, q));
    }
  });
}

async function drain(db: Db, q: Queue): Promise<void> {
  while (q.waiting.length) {
    const batch = q.waiting.splice(0, MAX_BATCH);
    try {
      const outcomes = await writeBatch(db, q, batch);
      batch.forEach((w, i) => w.settle(outcomes[i]!));
    } catch (error) {
      for (const w of batch) w.settle({ ok: false, error });
    }
  }
  q.writing = false;
}

type Target = { at: number; tokenHash: string; board: PublicBoard; number: number; now: number };
type Decided = { at: number; outcome: 'counted' | 'already' | 'limit' | 'not_found' | 'no_email'; vote_count: number | null };

async function writeBatch(db: Db, q: Queue, batch: Waiting[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = batch.map(() => ({ ok: true, value: null }));
  const fail = (at: number, error: unknown) => (outcomes[at] = { ok: false, error });

  // the boards (cached for a second at most) and each vote's item number
  const boards = await publicBoards(db, q, [...new Set(batch.map((w) => w.input.productKey))]);
  const targets: Target[] = [];
  batch.forEach((w, at) => {
    const board = boards.get(w.input.productKey);
    if (!board) return fail(at, notFound('Roadmap'));
    const number = itemNumberOf(board, w.input.ref);
    if (number === null) return fail(at, notFound('Item'));
    targets.push({ at, tokenHash: hashToken(w.input.voterToken), board, number, now: w.deps.clock().getTime() });
  });
  if (!targets.length) return outcomes;

  // everything else in one statement: it locks the emails, decides each vote in arrival order, writes the votes
  // and the counts, and commits (prisma/migrations/20261121160000_vote_batch_function)
  const rows = await db.$queryRaw<Decided[]>`
    SELECT * FROM baton_vote_batch(
      ${targets.map((t) => t.at)}::int[], ${targets.map((t) => t.tokenHash)}::text[],
      ${targets.map((t) => t.board.id)}::text[], ${targets.map((t) => t.number)}::int[],
      ${targets.map((t) => t.board.settings.types.join(','))}::text[], ${targets.map((t) => t.board.settings.voteLimit)}::int[],
      ${targets.map((t) => t.now)}::float8[], ${targets.map((t) => voterTokenValidSince(t.now))}::float8[], ${Date.now()}::float8)`;
  const boardAt = new Map(targets.map((t) => [t.at, t.board]));
  for (const row of rows) {
    if (row.outcome === 'no_email') continue; // left to the per-vote path
    if (row.outcome === 'not_found') fail(row.at, notFound('Item'));
    else if (row.outcome === 'limit') fail(row.at, voteLimitReached(boardAt.get(row.at)!.settings.voteLimit));
    else outcomes[row.at] = { ok: true, value: { state: row.outcome, voteCount: row.vote_count! } };
  }
  return outcomes;
}

/** The public board of each key, from the queue's short-lived cache or, for keys not seen within a second, the database. */
async function publicBoards(db: Db, q: Queue, keys: string[]): Promise<Map<string, PublicBoard | null>> {
  const now = Date.now();
  const stale = keys.filter((k) => (q.boards.get(k)?.until ?? 0) <= now);
  if (stale.length) {
    const rows = await db.product.findMany({
      where: { key: { in: stale }, archivedAt: null },
      select: { id: true, key: true, name: true, publicSettings: true },
      orderBy: { createdAt: 'asc' },
    });
    if (q.boards.size > MAX_CACHED_BOARDS) q.boards.clear(); // bounded under a flood of made-up keys
    for (const key of stale) q.boards.set(key, { board: pickPublicBoard(rows.filter((r) => r.key === key)), until: now + BOARD_TTL_MS });
  }
  return new Map(keys.map((k) => [k, q.boards.get(k)!.board]));
}
