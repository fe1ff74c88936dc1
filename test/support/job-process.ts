// A process that works one job queue, for the durable-jobs tests (test/integration/jobs.int.test.ts): started,
// killed with SIGKILL and started again. On the embedded database it hosts the database itself (DATA_DIR), as the
// server does, so a kill takes the database down with it; on PostgreSQL it connects to DATABASE_URL.
//   MODE=hang: sends job A (due now) and job B (due in START_AFTER seconds), starts A and never finishes it
//   MODE=work: runs whatever is due, printing `RAN <data.n> <retryCount>` per run
import { createEmbeddedPool, startEmbeddedDatabase } from '@baton/db';
import { createJobQueue } from '@baton/jobs';

const { MODE, QUEUE, DATA_DIR, DATABASE_URL, START_AFTER = '3' } = process.env;
if (!QUEUE || (!DATA_DIR && !DATABASE_URL)) throw new Error('QUEUE and DATA_DIR or DATABASE_URL are required');
const embedded = DATABASE_URL ? null : await startEmbeddedDatabase({ dataDir: DATA_DIR! });
const connection = embedded ? { pool: createEmbeddedPool(embedded.url) } : { url: DATABASE_URL!, max: 2 };
const queue = await createJobQueue({ connection, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 });
await queue.define<{ n: string }>({
  name: QUEUE,
  retryLimit: 3,
  retryDelaySeconds: 1,
  expireInSeconds: 2,
  handler: async ({ n }, job) => {
    if (MODE === 'hang') {
      console.log(`STARTED ${n}`);
      await new Promise(() => {});
    }
    console.log(`RAN ${n} ${job.retryCount}`);
  },
});
if (MODE === 'hang') {
  await queue.send(QUEUE, { n: 'A' });
  await queue.send(QUEUE, { n: 'B' }, { startAfterSeconds: Number(START_AFTER) });
  console.log('SENT');
}
console.log('READY');
