import { createEmbeddedPool, type DbPool } from '@baton/db';
import { createJobQueue, type JobQueue } from '@baton/jobs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { defineAnalyzeJob } from '@baton/backend';
import { buildOrg, testDb } from '../support/builders.ts';

// The embedded database never runs autovacuum, so a job gathers the planner's statistics (docs/database.md): the
// job as the server defines it, on the run's database, with the server's ANALYZE.
const db = testDb();
const embedded = inject('databaseKind') === 'embedded';
let queue: JobQueue | undefined;
let pool: DbPool | undefined;

afterAll(async () => {
  await queue?.stop(2_000);
  await pool?.end();
});

const reltuples = async (table: string) =>
  Number((await db.$queryRawUnsafe<{ n: number }[]>(`SELECT reltuples::float8 AS n FROM pg_class WHERE relname = $1`, table))[0]!.n);

describe('planner statistics job', () => {
  it('runs ANALYZE at start and then every period, so the planner knows how many rows a table holds', async () => {
    for (let i = 0; i < 5; i++) await buildOrg(db);
    const organizations = await db.organization.count();
    const url = inject('databaseUrl');
    if (embedded) pool = createEmbeddedPool(url);
    queue = await createJobQueue({ connection: pool ? { pool } : { url, max: 2 }, pollingIntervalSeconds: 0.5 });
    let runs = 0;
    await defineAnalyzeJob(
      queue,
      async () => {
        await db.$executeRawUnsafe('ANALYZE');
        runs++;
      },
      2,
    );
    const until = Date.now() + 30_000;
    while (runs < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    expect(runs).toBeGreaterThanOrEqual(2);
    // ANALYZE reads every row of a table this small, so its count is exact for the rows there when it ran
    expect(await reltuples('Organization')).toBeGreaterThanOrEqual(organizations);
    const columns = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM pg_stats WHERE tablename = 'Organization'`);
    expect(Number(columns[0]!.n)).toBeGreaterThan(0);
  });
});
