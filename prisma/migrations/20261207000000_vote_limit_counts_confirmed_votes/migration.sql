-- The vote limit counts confirmed votes only. A vote cast with a bare email waits for its owner to confirm the
-- address, so a stranger voting with someone's address no longer uses up that person's votes; and a waiting vote
-- confirmed by a later vote with the voter cookie ('confirm') now counts only within the limit, like a new one.
-- Same function as 20261121160000_vote_batch_function (see there for how it works), with those two changes.
CREATE OR REPLACE FUNCTION baton_vote_batch(
  p_at int[],
  p_token_hash text[],
  p_product text[],
  p_number int[],
  p_types text[],
  p_vote_limit int[],
  p_now_ms float8[],
  p_valid_since_ms float8[],
  p_updated_ms float8
) RETURNS TABLE (at int, outcome text, vote_count int)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
  v_hash text[];
  v_email text[];
BEGIN
  -- 1. the emails the tokens prove, read once and only here (a token redeemed after this read answers
  -- 'no_email', and the per-vote path takes its lock), and locked in one sorted order so that batches on several connections never
  -- wait on each other in a cycle
  SELECT coalesce(array_agg(p.token_hash), '{}'), coalesce(array_agg(p.email), '{}') INTO v_hash, v_email
  FROM (
    SELECT DISTINCT u.token_hash, ev."email" AS email
    FROM unnest(p_token_hash, p_valid_since_ms) AS u(token_hash, since)
    JOIN LATERAL (
      SELECT "email" FROM "EmailVerification"
      WHERE "tokenHash" = u.token_hash AND "usedAt" >= to_timestamp(u.since / 1000) AT TIME ZONE 'UTC'
      OFFSET 0
    ) AS ev ON true
  ) AS p;
  PERFORM pg_advisory_xact_lock(sorted.k) FROM (SELECT DISTINCT hashtext(e) AS k FROM unnest(v_email) AS e ORDER BY k) AS sorted;

  -- 2. a fresh snapshot: decide every vote as if they had run one after another, and write them
  RETURN QUERY
  WITH t AS (
    SELECT u.*, m.email, to_timestamp(u.now_ms / 1000) AT TIME ZONE 'UTC' AS ts
    FROM unnest(p_at, p_token_hash, p_product, p_number, p_types, p_vote_limit, p_now_ms)
      AS u(at, token_hash, product, number, types, vote_limit, now_ms)
    LEFT JOIN unnest(v_hash, v_email) AS m(token_hash, email) ON m.token_hash = u.token_hash
  ),
  -- each vote's item (only when public, live and of a shown type), the email's vote on it if any, and how many
  -- votes the email has on the board. Every lookup is by unique index, per vote: the lateral subqueries (OFFSET 0
  -- keeps them from being flattened into joins; conditions beyond the key stay outside them, or the planner may
  -- pick another index) and a count that starts from the email's few votes. As plain joins, the planner hashed
  -- whole tables whenever its statistics were stale, as the embedded database's always are (no autovacuum).
  r AS (
    SELECT t.at, t.email, t.product, t.vote_limit, t.ts, i."voteCount" AS item_count,
           CASE WHEN i."visibility" = 'public' AND i."deletedAt" IS NULL AND i."type"::text = ANY (string_to_array(t.types, ','))
                THEN i."id" END AS item_id,
           v."id" AS vote_id, v."verifiedAt" IS NOT NULL AS verified,
           (SELECT count(*)::int FROM "Vote" AS mine WHERE mine."email" = t.email AND mine."verifiedAt" IS NOT NULL
            AND (SELECT mi."productId" FROM "Item" AS mi WHERE mi."id" = mine."itemId") = t.product) AS used
    FROM t
    LEFT JOIN LATERAL (SELECT * FROM "Item" WHERE "productId" = t.product AND "number" = t.number OFFSET 0) AS i
      ON t.email IS NOT NULL
    LEFT JOIN LATERAL (SELECT * FROM "Vote" WHERE "itemId" = i."id" AND "email" = t.email OFFSET 0) AS v ON true
  ),
  -- one row per (item, email): its first vote in the batch decides, later ones are 'already' or share its refusal
  pairs AS (
    SELECT DISTINCT ON (item_id, email) item_id, email, product, vote_limit, ts, at AS first_at, vote_id, verified, used
    FROM r WHERE item_id IS NOT NULL
    ORDER BY item_id, email, at
  ),
  -- new votes use up the email's limit in arrival order: the nth new one fits while used + n <= limit
  decided AS (
    SELECT p.*,
      CASE WHEN verified THEN 'already'
           -- a vote cast with the bare email (waiting) counts now if the limit allows, like a new one
           WHEN used + count(*) FILTER (WHERE NOT verified) OVER (PARTITION BY email, product ORDER BY first_at) > vote_limit THEN 'limit'
           WHEN vote_id IS NOT NULL THEN 'confirm'
           ELSE 'new' END AS fate
    FROM pairs AS p
  ),
  -- ids from gen_random_uuid(): Prisma's cuid() default is made by the client, not the database; ids are opaque
  inserted AS (
    INSERT INTO "Vote" ("id", "itemId", "email", "verifiedAt", "createdAt", "updatedAt")
    SELECT gen_random_uuid()::text, item_id, email, ts, ts, ts FROM decided WHERE fate = 'new'
  ),
  confirmed AS (
    UPDATE "Vote" AS v SET "verifiedAt" = d.ts, "updatedAt" = d.ts
    FROM decided AS d WHERE d.fate = 'confirm' AND v."id" = d.vote_id
  ),
  added AS (
    SELECT item_id, count(*)::int AS n FROM decided WHERE fate IN ('new', 'confirm') GROUP BY item_id
  ),
  -- the counted items locked in id order, so two batches never wait on each other's items in a cycle
  locked AS MATERIALIZED (
    SELECT "id" FROM "Item" WHERE "id" IN (SELECT item_id FROM added) ORDER BY "id" FOR NO KEY UPDATE
  ),
  counted AS (
    UPDATE "Item" AS i
    SET "voteCount" = i."voteCount" + a.n, "updatedAt" = to_timestamp(p_updated_ms / 1000) AT TIME ZONE 'UTC'
    FROM added AS a, locked AS l
    WHERE i."id" = a.item_id AND l."id" = a.item_id
    RETURNING i."id", i."voteCount"
  )
  SELECT r.at,
    CASE WHEN r.email IS NULL THEN 'no_email'
         WHEN r.item_id IS NULL THEN 'not_found'
         WHEN d.fate = 'limit' THEN 'limit'
         WHEN d.fate IN ('new', 'confirm') AND d.first_at = r.at THEN 'counted'
         ELSE 'already' END,
    coalesce(c."voteCount", r.item_count)::int
  FROM r
  LEFT JOIN decided AS d ON d.item_id = r.item_id AND d.email = r.email
  LEFT JOIN counted AS c ON c."id" = r.item_id
  ORDER BY r.at;
END
$$;
