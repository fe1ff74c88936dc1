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
 * Board and items are read fresh in every batch, inside its transaction, never cached: a board switched off or
 * an item made private refuses votes from the next batch on (a batch takes milliseconds).
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
type Queue = { waiting: Waiting[]; writing: boolean };

/** Bounds one transaction's statements; more waiting votes go into the following batch. */
const MAX_BATCH = 256;
const TX_OPTIONS = { timeout: 15_000, maxWait: 15_000 };

const queues = new WeakMap<Db, Queue>();

/** Queues a vote with a voter token for the next batch of its database. */
export function voteInBatch(deps: Deps, input: ConfirmedVote): Promise<VoteResult | null> {
  let queue = queues.get(deps.db);
  if (!queue) queues.set(deps.db, (queue = { waiting: [], writing: false }));
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
      const outcomes = await db.$transaction((tx) => writeBatch(tx, batch), TX_OPTIONS);
      batch.forEach((w, i) => w.settle(outcomes[i]!));
    } catch (error) {
      for (const w of batch) w.settle({ ok: false, error });
    }
  }
  q.writing = false;
}

type BoardItemRow = {
  productId: string;
  key: string;
  name: string;
  publicSettings: unknown;
  itemId: string | null;
  number: number | null;
  type: string | null;
  voteCount: number | null;
  live: boolean | null;
};
type Target = { at: number; board: PublicBoard; itemId: string; email: string; now: Date };

async function writeBatch(tx: Tx, batch: Waiting[]): Promise<Outcome[]> {
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

  // 2. boards and items, read after the locks so counts shown for "already" votes are current
  const keys = [...new Set(batch.map((w) => w.input.productKey))];
  const numbers = [...new Set(batch.map((w) => itemNumberOf({ key: w.input.productKey }, w.input.ref)).filter((n) => n !== null))];
  const rows = await tx.$queryRaw<BoardItemRow[]>`
    SELECT p."id" AS "productId", p."key", p."name", p."publicSettings",
           i."id" AS "itemId", i."number", i."type"::text AS "type", i."voteCount",
           (i."visibility" = 'public' AND i."deletedAt" IS NULL) AS "live"
    FROM "Product" p
    LEFT JOIN "Item" i ON i."productId" = p."id" AND i."number" = ANY(${numbers}::int[])
    WHERE p."key" = ANY(${keys}::text[])
    ORDER BY p."createdAt", p."id"`;
  const boards = boardsByKey(rows);
  const items = new Map(rows.filter((r) => r.itemId).map((r) => [`${r.productId}:${r.number}`, r]));

  const targets: Target[] = [];
  batch.forEach((w, at) => {
    const board = boards.get(w.input.productKey);
    if (!board) return fail(at, notFound('Roadmap'));
    const item = items.get(`${board.id}:${itemNumberOf(board, w.input.ref)}`);
    if (!item?.live || !board.settings.types.includes(item.type as ItemType)) return fail(at, notFound('Item'));
    const email = emails[at];
    if (email) targets.push({ at, board, itemId: item.itemId!, email, now: w.deps.clock() });
  });
  if (!targets.length) return outcomes;

  // 3. how many votes each email has on each board (the limit), and its votes on this batch's items
  const itemIds = [...new Set(targets.map((t) => t.itemId))];
  const mine = await tx.$queryRaw<{ email: string; productId: string; used: number; votes: { id: string; itemId: string; verified: boolean }[] | null }[]>`
    SELECT v."email", i."productId", count(*)::int AS "used",
           json_agg(json_build_object('id', v."id", 'itemId', v."itemId", 'verified', v."verifiedAt" IS NOT NULL))
             FILTER (WHERE v."itemId" = ANY(${itemIds}::text[])) AS "votes"
    FROM "Vote" v JOIN "Item" i ON i."id" = v."itemId"
    WHERE v."email" = ANY(${[...new Set(targets.map((t) => t.email))]}::text[])
      AND i."productId" = ANY(${[...new Set(targets.map((t) => t.board.id))]}::text[])
    GROUP BY v."email", i."productId"`;

  // each vote's outcome in arrival order, as if they had run one after another
  const votes = new Map<string, { id?: string; verified: boolean }>(
    mine.flatMap((m) => (m.votes ?? []).map((v) => [`${v.itemId}:${m.email}`, { id: v.id, verified: v.verified }] as const)),
  );
  const usedBy = new Map(mine.map((m) => [`${m.email}:${m.productId}`, m.used]));
  const created: { itemId: string; email: string; verifiedAt: Date }[] = [];
  const confirmedIds: string[] = [];
  const added = new Map<string, number>();
  const counted: { at: number; itemId: string; state: VoteResult['state'] }[] = [];
  for (const t of targets) {
    const key = `${t.itemId}:${t.email}`;
    const vote = votes.get(key);
    if (vote?.verified) {
      counted.push({ at: t.at, itemId: t.itemId, state: 'already' });
      continue;
    }
    if (vote) {
      // waiting for confirmation (cast with the bare email): it counts now, and was already within the limit
      confirmedIds.push(vote.id!);
      vote.verified = true;
    } else {
      const limitKey = `${t.email}:${t.board.id}`;
      const n = usedBy.get(limitKey) ?? 0;
      const limit = t.board.settings.voteLimit;
      if (n >= limit) {
        fail(t.at, new DomainError('CONFLICT', `You have used all ${limit} votes on this board; take one back to vote here`, { limit }));
        continue;
      }
      usedBy.set(limitKey, n + 1);
      votes.set(key, { verified: true });
      created.push({ itemId: t.itemId, email: t.email, verifiedAt: t.now });
    }
    added.set(t.itemId, (added.get(t.itemId) ?? 0) + 1);
    counted.push({ at: t.at, itemId: t.itemId, state: 'counted' });
  }

  // 4. the writes: new votes in one statement, then every touched item's count in one statement
  if (created.length) await tx.vote.createMany({ data: created });
  if (confirmedIds.length) await tx.vote.updateMany({ where: { id: { in: confirmedIds } }, data: { verifiedAt: targets[0]!.now } });
  const counts = new Map(rows.filter((r) => r.itemId).map((r) => [r.itemId!, r.voteCount!]));
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

/** Each key's public board: its products arrive oldest first, one row per matching item. */
function boardsByKey(rows: BoardItemRow[]): Map<string, PublicBoard> {
  const products = new Map<string, { id: string; key: string; name: string; publicSettings: unknown }[]>();
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.productId)) continue;
    seen.add(r.productId);
    products.set(r.key, [...(products.get(r.key) ?? []), { id: r.productId, key: r.key, name: r.name, publicSettings: r.publicSettings }]);
  }
  const boards = new Map<string, PublicBoard>();
  for (const [key, list] of products) {
    const board = pickPublicBoard(list);
    if (board) boards.set(key, board);
  }
  return boards;
}
