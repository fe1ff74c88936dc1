// A Baton process that only delivers outbound webhooks, for webhooks-out-crash.int.test.ts: started, killed with
// SIGKILL in the middle of a delivery, and started again. On the embedded database it hosts the database itself
// (DATA_DIR), as the server does, so the kill takes the database down with it; on PostgreSQL it uses DATABASE_URL.
//   MODE=send: sets up a product with a webhook to RECEIVER + HOOK_PATH (/crash), creates ITEMS items (2), so as
//              many deliveries, prints `DELIVERY <id>` for each, then `READY`, and goes on working the queue
//   MODE=work: works the queue and prints `FINISHED <json>` once each delivery in DELIVERIES is delivered or failed:
//              its id, status, attempt count and log (oldest first)
// EXPIRE: seconds after which a job whose process died is run again (3)
import { randomUUID } from 'node:crypto';
import { startWebhookJobs } from '@baton/backend';
import { createInProcessBus, createItem, createWebhook, type Ctx, type WebhookDeps } from '@baton/core';
import { createDb, createEmbeddedPool, startEmbeddedDatabase } from '@baton/db';
import { createJobQueue } from '@baton/jobs';
import { migrateDatabase } from '@baton/migrate';

const { MODE, DATA_DIR, DATABASE_URL, RECEIVER, SUFFIX = '', DELIVERIES = '', HOOK_PATH = '/crash', ITEMS = '2', EXPIRE = '3' } = process.env;
if (!DATA_DIR && !DATABASE_URL) throw new Error('DATA_DIR or DATABASE_URL is required');
const embedded = DATABASE_URL ? null : await startEmbeddedDatabase({ dataDir: DATA_DIR! });
const url = embedded?.url ?? DATABASE_URL!;
await migrateDatabase(url);
const pool = embedded ? createEmbeddedPool(url) : undefined;
const db = createDb(url, { embedded: !!embedded, ...(pool && { pool }) });
const queue = await createJobQueue({ connection: pool ? { pool } : { url, max: 2 }, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 });
// an attempt that never ends by itself: only the kill ends it (and the job's expiry brings it back)
const webhooks: WebhookDeps = { allowAddresses: ['127.0.0.1'], timeoutMs: 60_000 };
const deps = { db, clock: () => new Date(), bus: createInProcessBus(), webhooks };
await startWebhookJobs(queue, deps, { retryDelaySeconds: 1, retryBackoff: false, expireInSeconds: Number(EXPIRE), queueSuffix: SUFFIX, sweepSeconds: null });

if (MODE === 'send') {
  const key = `K${randomUUID().replace(/-/g, '').slice(0, 6).toUpperCase()}`;
  const org = await db.organization.create({ data: { name: `Org ${key}`, slug: `org-${key.toLowerCase()}` } });
  const product = await db.product.create({ data: { organizationId: org.id, key, name: `Product ${key}` } });
  const user = await db.user.create({ data: { email: `crash-${key.toLowerCase()}@example.test`, name: 'Crash owner', passwordHash: 'x' } });
  await db.membership.create({ data: { userId: user.id, organizationId: org.id, role: 'owner' } });
  const ctx: Ctx = { ...deps, principal: { kind: 'user', userId: user.id, name: user.name, email: user.email, sessionId: null } };
  const hook = await createWebhook(ctx, { productId: product.id, url: `${RECEIVER}${HOOK_PATH}`, events: ['item.created'] });
  for (let i = 1; i <= Number(ITEMS); i++) await createItem(ctx, { productId: product.id, type: 'task', title: `Item ${i}` });
  for (const d of await db.webhookOutDelivery.findMany({ where: { endpointId: hook.id }, select: { id: true } })) console.log(`DELIVERY ${d.id}`);
  console.log('READY');
} else {
  const ids = DELIVERIES.split(',').filter(Boolean);
  const told = new Set<string>();
  console.log('READY');
  const timer = setInterval(() => {
    void db.webhookOutDelivery
      .findMany({
        where: { id: { in: ids }, status: { in: ['delivered', 'failed'] } },
        select: { id: true, status: true, attemptCount: true, attempts: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { httpStatus: true, response: true } } },
      })
      .then((rows) => {
        for (const r of rows.filter((x) => !told.has(x.id))) {
          told.add(r.id);
          console.log(`FINISHED ${JSON.stringify(r)}`);
        }
        if (told.size === ids.length) clearInterval(timer);
      });
  }, 200);
}
