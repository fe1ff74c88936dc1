import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createAccessCache, createInProcessBus, createOAuthProviders, createUsageRecorder, LocalDiskStorage, seedDemo, type WebhookDeps } from '@baton/core';
import { dumpDatabase, type DataDirClaim } from '@baton/backup';
import { createDb, createEmbeddedPool, type Db, type EmbeddedDatabase } from '@baton/db';
import { migrateDatabase } from '@baton/migrate';
import type { JobQueue } from '@baton/jobs';
import { createApp, type AppDeps } from './app.ts';
import { createMetrics } from './metrics.ts';
import { queueReadiness, startBackgroundJobs } from './background-jobs.ts';
import { CLIENT_ADDRESS_HEADER, compileTrustProxy } from './client-address.ts';
import { folderTransport, smtpTransport } from './email-transport.ts';
import { publicLimitsFromEnv } from './public-limits.ts';
import { startEmailIn } from './smtp-in.ts';
import type { Env } from './env.ts';
import { takeDataDir } from './embedded-start.ts';
import { createPostgresBus } from './postgres-bus.ts';
import { createLogger, type Logger } from './logger.ts';
import { oauthConfigFromEnv } from './oauth-config.ts';

const WEB_HANDLER = fileURLToPath(new URL('../../web/build/handler.js', import.meta.url));

export type RunningServer = { url: string; db: Db; logger: Logger; close(): Promise<void> };

/** env -> deps -> createApp(deps) -> listen. Shared by `pnpm start` and the end-to-end tests. */
export async function startServer(env: Env, opts: { logger?: Logger; authRateLimit?: number } = {}): Promise<RunningServer> {
  const logger = opts.logger ?? createLogger(env.LOG_LEVEL);
  // sign-in providers first: half-set provider variables stop the start before anything else runs
  const oauth = createOAuthProviders(oauthConfigFromEnv(env));
  const trustProxy = compileTrustProxy(env.TRUST_PROXY);
  if (oauth.size) logger.info('sign-in providers enabled', { providers: [...oauth.keys()] });
  let embedded: EmbeddedDatabase | null = null;
  let url = env.DATABASE_URL;
  let claim: DataDirClaim | null = null;
  if (!url) {
    ({ embedded, claim } = await takeDataDir(env.DATA_DIR));
    url = embedded.url;
    logger.info('embedded database started', { dataDir: env.DATA_DIR });
  }
  const { applied } = await migrateDatabase(url);
  if (applied.length) logger.info('migrations applied', { applied });
  // the embedded database is one session: the app and the job queue share its one connection
  const pool = embedded ? createEmbeddedPool(url) : null;
  const db = createDb(url, { embedded: embedded !== null, ...(pool && { pool }) });
  // replicas on one PostgreSQL hear each other's events through it; the embedded database serves one process
  const sharedBus = embedded ? null : await createPostgresBus({ url, onError: (error) => logger.warn('event bus', { error: error instanceof Error ? error.message : String(error) }) });
  const bus = sharedBus ?? createInProcessBus();
  const deps = {
    db,
    clock: () => new Date(),
    bus,
    usage: createUsageRecorder(db),
    cache: createAccessCache(bus),
    storage: new LocalDiskStorage(join(env.DATA_DIR, 'attachments')),
    pow: { secret: env.POW_SECRET, maxNumber: env.POW_MAX_NUMBER },
    // dispatch is set once the job queue runs (webhook-jobs.ts); the object is shared with the app's deps
    webhooks: { allowAddresses: env.WEBHOOK_ALLOW_ADDRESSES } as WebhookDeps,
    // product addresses (KEY@domain) are shown and used as Reply-To only while the listener runs
    ...(env.SMTP_IN_PORT !== undefined && { emailInDomain: env.SMTP_IN_DOMAIN }),
  };
  if (env.SEED_DEMO === 'true') {
    const { seeded } = await seedDemo(deps);
    if (seeded) logger.info('demo data seeded');
  }
  // read by adapter-node when the handler is imported; app.ts sets both headers from what Express saw
  process.env.PROTOCOL_HEADER = 'x-forwarded-proto';
  process.env.HOST_HEADER = 'x-forwarded-host';
  process.env.ADDRESS_HEADER = CLIENT_ADDRESS_HEADER;
  const webHandler = existsSync(WEB_HANDLER) ? ((await import(pathToFileURL(WEB_HANDLER).href)).handler as AppDeps['webHandler']) : undefined;
  if (!webHandler) logger.warn('web app not built; run `pnpm --filter @baton/web build` to serve it');
  // publicUrl is filled in once the port is known (links in emails); requests only start after that
  // the queue starts once the server listens: until then /ready says so, and /metrics has no job counts
  let queue: JobQueue | null = null;
  const metrics = createMetrics({ deps, jobs: () => queue });
  const jobsHealth = queueReadiness(() => queue);
  const appDeps: AppDeps = {
    ...deps,
    logger,
    webHandler,
    oauth,
    publicLimits: publicLimitsFromEnv(env),
    trustProxy,
    metrics,
    jobsHealth,
    ...(env.METRICS_TOKEN && { metricsToken: env.METRICS_TOKEN }),
    ...(opts.authRateLimit && { authRateLimit: opts.authRateLimit }),
  };
  const app = createApp(appDeps);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(env.PORT, env.HOST, () => resolve(s));
  });
  // -- background work (claim sweeper, email outbox, API-key usage) runs as durable jobs: background-jobs.ts
  const outboxDir = join(env.DATA_DIR, 'outbox');
  const transport = env.SMTP_URL ? smtpTransport(env.SMTP_URL, env.MAIL_FROM, env.SMTP_IN_DOMAIN) : folderTransport(outboxDir, env.MAIL_FROM, logger, env.SMTP_IN_DOMAIN);
  if (!env.SMTP_URL) logger.info('no SMTP_URL: outgoing email is written to the outbox folder', { dir: outboxDir });
  // `baton-admin backup` on the embedded database: this process holds the database, so it takes the backup, on the
  // pool's one connection (the app's queries wait for the snapshot; RUNBOOK.md)
  if (pool) claim?.takeBackupsWith(async (file) => {
    const client = await pool.connect();
    try {
      const { figures } = await dumpDatabase(client, { file, attachmentsDir: join(env.DATA_DIR, 'attachments'), source: 'embedded' });
      logger.info('backup taken', { file, ...figures });
      return figures;
    } finally {
      client.release();
    }
  });
  const jobs = await startBackgroundJobs(deps, { env, url, pool, transport, logger, links: appDeps, onJobFailed: metrics.jobFailed });
  queue = jobs.queue;
  // email in (docs/email-in.md): off unless SMTP_IN_PORT is set
  const emailIn =
    env.SMTP_IN_PORT !== undefined && env.SMTP_IN_DOMAIN
      ? await startEmailIn(deps, {
          port: env.SMTP_IN_PORT,
          host: env.SMTP_IN_HOST,
          domain: env.SMTP_IN_DOMAIN,
          maxBytes: env.SMTP_IN_MAX_BYTES,
          perSenderHour: env.SMTP_IN_PER_SENDER_HOUR,
          logger,
        })
      : null;
  if (emailIn) logger.info('email in listening', { host: env.SMTP_IN_HOST, port: emailIn.port, domain: env.SMTP_IN_DOMAIN });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  const publicUrl = env.PUBLIC_URL ?? `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${port}`;
  appDeps.publicUrl = publicUrl;
  return {
    url: publicUrl,
    db,
    logger,
    async close() {
      // stop taking connections, let in-flight requests finish, then release the database
      // close() alone waits for idle connections, and an event stream (SSE) never idles: give in-flight requests
      // a moment, then end the rest; subscribers resume from their last event id elsewhere
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // mail being stored finishes (smtp-server waits for its connections), new mail is turned away
      const emailInClosed = emailIn?.close();
      server.closeIdleConnections();
      await Promise.race([closed, new Promise((r) => setTimeout(r, 2_000).unref())]);
      server.closeAllConnections();
      await closed;
      await emailInClosed;
      await jobs.stop();
      transport.close();
      await sharedBus?.close();
      await db.$disconnect();
      await pool?.end();
      await embedded?.stop();
      await claim?.close();
    },
  };
}
