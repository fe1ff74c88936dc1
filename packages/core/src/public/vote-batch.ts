import type { ItemType, VoteResult } from '@baton/contracts';
import type { Db } from '@baton/db';
import { hashToken } from '../auth/tokens.ts';
import type { Deps, Tx } from '../deps.ts';
import { DomainError, notFound } from '../errors.ts';
import { itemNumberOf, pickPublicBoard, type PublicBoard } from './public-product.ts';
import { confirmedEmailOf } from './voter-token.ts';

/**
 * Group commit for confirmed votes (a voter token, the common case under load).
 *
 * Why: the embedded database is one session, so transactions run one at a time; a vote in its own transaction
 * costs about ten round trips, which capped throughput near 85 votes/s however many voters were waiting. Votes
 * that arrive while a batch is being written queue up and go into the next batch: one transaction with a fixed
 * handful of set-based statements whatever the batch's size. A caller's promise settles only after its batch
 * commits (nothing acknowledged is lost), with its own result or its own DomainError; if the transaction fails,
 * every caller of that batch gets the error. The count returned is the item's count once the batch is in.
 *
 * Items are read fresh in every batch, inside its transaction: an item made private refuses votes from the next
 * batch on (a batch takes milliseconds). Boards are cached for at most BOARD_TTL_MS (one second), per database,
 * so switching a board off (or changing its types or vote limit) takes effect within a second.
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

/** Bounds one transaction's statements; more waiting votes go into the following batch. */
const MAX_BATCH = 256;
/** How long a board (on, off, its settings) is trusted: switching a board off stops its votes within this. */
const BOARD_TTL_MS = 1_000;
const MAX_CACHED_BOARDS = 1_000;
/** Every vote transaction (batched or not) waits this long for the database under load. */
export const TX_OPTIONS = { timeout: 15_000, maxWait: 15_000 };

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
      const outcomes = await db.$transaction((tx) => writeBatch(tx, q, batch), TX_OPTIONS);
      batch.forEach((w, i) => w.settle(outcomes[i]!));
    } catch (error) {
      for (const w of batch) w.settle({ ok: false, error });
    }
  }
  q.writing = false;
}

type Target = { at: number; board: PublicBoard; email: string; number: number; now: Date };
type TargetRow = {
  at: number;
  itemId: string | null;
  type: ItemType | null;
  live: boolean | null;
  voteCount: number | null;
  voteId: string | null;
  verified: boolean | null;
  used: number;
};

async function writeBatch(tx: Tx, q: Queue, batch: Waiting[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = batch.map(() => ({ ok: true, value: null }));
  const fail = (at: number, error: unknown) => (outcomes[at] = { ok: false, error });

  // 1. voter tokens to emails, and those emails locked: the same lock as the per-vote paths, taken in one order,
  // so each email's vote limit is checked and used atomically (later statements see what the lock waited for)
  const hashes = batch.map((w) => hashToken(w.input.voterToken));
  const links = await tx.$queryRaw<{ tokenHash: string; email: string; usedAt: Date }[]>`
    WITH links AS (
      SELECT "tokenHash", "email", "usedAt" FROM "EmailVerification"
      WHERE "tokenHash" = ANY(${[...new Set(hashes)]}::text[]) AND "usedAt" IS NOT NULL
    ), locked AS (
      SELECT count(*) FROM (
        SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtext("email") AS k FROM links ORDER BY k) AS sorted
      ) AS taken
    )
    SELECT links.* FROM links, locked`;
  const linkOf = new Map(links.map((l) => [l.tokenHash, l]));
  const emails = batch.map((w, i) => confirmedEmailOf(linkOf.get(hashes[i]!), w.deps.clock()));
  if (emails.every((e) => e === null)) return outcomes;

  // 2. the boards (cached for a second at most); a vote whose token proves no email is left to the per-vote path
  const boards = await publicBoards(tx, q, [...new Set(batch.map((w) => w.input.productKey))]);
  const targets: Target[] = [];
  batch.forEach((w, at) => {
    const board = boards.get(w.input.productKey);
    if (!board) return fail(at, notFound('Roadmap'));
    const number = itemNumberOf(board, w.input.ref);
    if (number === null) return fail(at, notFound('Item'));
    const email = emails[at];
    if (email) targets.push({ at, board, email, number, now: w.deps.clock() });
  });
  if (!targets.length) return outcomes;

  // 3. for each vote, read after the locks: its item (never cached: an item made private refuses votes at once),
  // the email's vote on it if any, and how many votes the email has on the board (the limit). Every lookup is by
  // index, per vote: the lateral subqueries (OFFSET 0 keeps them from being flattened into joins) and a count that
  // starts from the email's few votes. As plain joins, the planner hashed whole tables (every item of the board,
  // every vote) whenever its statistics were stale, as the embedded database's always are (it has no
  // autovacuum): 36 ms for 16 votes, now under 1 ms.
  const rows = await tx.$queryRaw<TargetRow[]>`
    SELECT t.at, i."id" AS "itemId", i."type"::text AS "type", i."voteCount",
           (i."visibility" = 'public' AND i."deletedAt" IS NULL) AS "live",
           v."id" AS "voteId", v."verifiedAt" IS NOT NULL AS "verified",
           (SELECT count(*)::int FROM "Vote" AS mine WHERE mine."email" = t.email
            AND (SELECT mi."productId" FROM "Item" AS mi WHERE mi."id" = mine."itemId") = t.product) AS "used"
    FROM unnest(${targets.map((t) => t.at)}::int[], ${targets.map((t) => t.email)}::text[],
                ${targets.map((t) => t.board.id)}::text[], ${targets.map((t) => t.number)}::int[]) AS t(at, email, product, number)
    LEFT JOIN LATERAL (SELECT * FROM "Item" WHERE "productId" = t.product AND "number" = t.number OFFSET 0) AS i ON true
    LEFT JOIN LATERAL (SELECT * FROM "Vote" WHERE "itemId" = i."id" AND "email" = t.email OFFSET 0) AS v ON true`;
  const rowAt = new Map(rows.map((r) => [r.at, r]));

  // each vote's outcome in arrival order, as if they had run one after another
  const votes = new Map<string, { id?: string; verified: boolean }>();
  const usedBy = new Map<string, number>();
  const created: { itemId: string; email: string; verifiedAt: Date }[] = [];
  const confirmedIds: string[] = [];
  const counts = new Map<string, number>();
  const added = new Map<string, number>();
  const counted: { at: number; itemId: string; state: VoteResult['state'] }[] = [];
  for (const t of targets) {
    const row = rowAt.get(t.at)!;
    if (!row.itemId || !row.live || !t.board.settings.types.includes(row.type!)) {
      fail(t.at, notFound('Item'));
      continue;
    }
    const itemId = row.itemId;
    counts.set(itemId, row.voteCount!);
    const key = `${itemId}:${t.email}`;
    if (!votes.has(key) && row.voteId) votes.set(key, { id: row.voteId, verified: row.verified! });
    const vote = votes.get(key);
    if (vote?.verified) {
      counted.push({ at: t.at, itemId, state: 'already' });
      continue;
    }
    if (vote) {
      // waiting for confirmation (cast with the bare email): it counts now, and was already within the limit
      confirmedIds.push(vote.id!);
      vote.verified = true;
    } else {
      const limitKey = `${t.email}:${t.board.id}`;
      const n = usedBy.get(limitKey) ?? row.used;
      const limit = t.board.settings.voteLimit;
      if (n >= limit) {
        fail(t.at, voteLimitReached(limit));
        continue;
      }
      usedBy.set(limitKey, n + 1);
      votes.set(key, { verified: true });
      created.push({ itemId, email: t.email, verifiedAt: t.now });
    }
    added.set(itemId, (added.get(itemId) ?? 0) + 1);
    counted.push({ at: t.at, itemId, state: 'counted' });
  }

  // 4. the writes: new votes in one statement, then every touched item's count in one statement
  if (created.length) await tx.vote.createMany({ data: created });
  if (confirmedIds.length) await tx.vote.updateMany({ where: { id: { in: confirmedIds } }, data: { verifiedAt: targets[0]!.now } });
  if (added.size) {
    const ids = [...added.keys()].sort();
    // the rows are locked in id order (the sorted locking subquery) so that two batches on two connections never
    // wait on each other's items in a cycle; updatedAt moves like on any item write (it is how the roadmap
    // snapshot notices new counts); Prisma sends the date as UTC without a zone, as for its own writes
    const updated = await tx.$queryRaw<{ id: string; voteCount: number }[]>`
      UPDATE "Item" AS i
      SET "voteCount" = i."voteCount" + d.n, "updatedAt" = ${new Date()}
      FROM unnest(${ids}::text[], ${ids.map((id) => added.get(id)!)}::int[]) AS d(id, n),
           (SELECT "id" FROM "Item" WHERE "id" = ANY(${ids}::text[]) ORDER BY "id" FOR NO KEY UPDATE) AS locked
      WHERE i."id" = d.id AND locked."id" = d.id
      RETURNING i."id", i."voteCount"`;
    for (const u of updated) counts.set(u.id, u.voteCount);
  }
  for (const c of counted) outcomes[c.at] = { ok: true, value: { state: c.state, voteCount: counts.get(c.itemId)! } };
  return outcomes;
}

/** The public board of each key, from the queue's short-lived cache or, for keys not seen within a second, the database. */
async function publicBoards(tx: Tx, q: Queue, keys: string[]): Promise<Map<string, PublicBoard | null>> {
  const now = Date.now();
  const stale = keys.filter((k) => (q.boards.get(k)?.until ?? 0) <= now);
  if (stale.length) {
    const rows = await tx.product.findMany({
      where: { key: { in: stale } },
      select: { id: true, key: true, name: true, publicSettings: true },
      orderBy: { createdAt: 'asc' },
    });
    if (q.boards.size > MAX_CACHED_BOARDS) q.boards.clear(); // bounded under a flood of made-up keys
    for (const key of stale) q.boards.set(key, { board: pickPublicBoard(rows.filter((r) => r.key === key)), until: now + BOARD_TTL_MS });
  }
  return new Map(keys.map((k) => [k, q.boards.get(k)!.board]));
}
