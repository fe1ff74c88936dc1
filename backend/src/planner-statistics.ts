import type { JobQueue } from '@baton/jobs';

export const ANALYZE_JOB = 'db.analyze';

/** How often the embedded database's planner statistics are refreshed (and once at start: `every` sends its first tick at once). */
export const ANALYZE_EVERY_SECONDS = 600;

/**
 * The embedded database (PGlite) runs PostgreSQL in single-user mode, where autovacuum never runs, so nothing
 * gathers the column statistics the planner needs: without them it took the items list's page of 50 ids as a scan
 * and sort of all 10,000 of a product's items (10 ms) instead of a 51-entry index walk (docs/database.md).
 * A periodic ANALYZE does what autovacuum does on a PostgreSQL server. On PostgreSQL itself this job is not
 * scheduled: autovacuum is the server operator's business.
 */
export async function defineAnalyzeJob(queue: JobQueue, analyze: () => Promise<unknown>, everySeconds = ANALYZE_EVERY_SECONDS): Promise<void> {
  await queue.define({
    name: ANALYZE_JOB,
    policy: 'stately',
    retryLimit: 1,
    retryDelaySeconds: 30,
    handler: async () => {
      await analyze();
    },
  });
  queue.every(ANALYZE_JOB, everySeconds);
}
