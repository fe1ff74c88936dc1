import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createAccessCache, createInProcessBus, createOAuthProviders, createUsageRecorder, deliverDueEmails, LocalDiskStorage, seedDemo, sweepExpiredClaims, sweepUsedChallenges } from '@baton/core';
import { createDb, startEmbeddedDatabase, type Db, type EmbeddedDatabase } from '@baton/db';
import { migrateDatabase } from '@baton/migrate';
import { createApp, type AppDeps } from './app.ts';
import { CLIENT_ADDRESS_HEADER, compileTrustProxy } from './client-address.ts';
import { folderTransport, smtpTransport } from './email-transport.ts';
import { publicLimitsFromEnv } from './public-limits.ts';
import type { Env } from './env.ts';
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
  if (!url) {
    embedded = await startEmbeddedDatabase({ dataDir: env.DATA_DIR });
    url = embedded.url;
    logger.info('embedded database started', { dataDir: env.DATA_DIR });
  }
  const { applied } = await migrateDatabase(url);
  if (applied.length) logger.info('migrations applied', { applied });
  const db = createDb(url, { embedded: embedded !== null });
  const bus = createInProcessBus();
  const deps = {
    db,
    clock: () => new Date(),
    bus,
    usage: createUsageRecorder(db),
    cache: createAccessCache(bus),
    storage: new LocalDiskStorage(join(env.DATA_DIR, 'attachments')),
    pow: { secret: env.POW_SECRET, maxNumber: env.POW_MAX_NUMBER },
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
  const appDeps: AppDeps = { ...deps, logger, webHandler, oauth, publicLimits: publicLimitsFromEnv(env), trustProxy, ...(opts.authRateLimit && { authRateLimit: opts.authRateLimit }) };
  const app = createApp(appDeps);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(env.PORT, env.HOST, () => resolve(s));
  });
  // -- claim sweeper: ends leases nobody renewed, so their items return to the ready queue. One run at a time;
  // unref'd so it never keeps the process alive, and stopped (and awaited) in close().
  let sweeping: Promise<void> | null = null;
  const sweeper = setInterval(() => {
    sweeping ??= sweepExpiredClaims(deps)
      .then((count) => {
        if (count) logger.info('expired claims ended', { count });
      })
      .catch((error: unknown) => logger.error('claim sweep failed', { error }))
      .finally(() => (sweeping = null));
  }, env.CLAIM_SWEEP_SECONDS * 1000);
  sweeper.unref();
  // -- end claim sweeper
  // API-key usage is buffered and written every few seconds (see core/auth/api-key-usage.ts)
  let flushing: Promise<void> | null = null;
  const usageFlusher = setInterval(() => {
    flushing ??= deps.usage
      .flush()
      .catch((error: unknown) => logger.error('usage flush failed', { error }))
      .finally(() => (flushing = null));
  }, 2_000);
  usageFlusher.unref();
  // -- email outbox: messages are written in the transactions that cause them; this sends them, with retries
  const outboxDir = join(env.DATA_DIR, 'outbox');
  const transport = env.SMTP_URL ? smtpTransport(env.SMTP_URL, env.MAIL_FROM) : folderTransport(outboxDir, env.MAIL_FROM, logger);
  if (!env.SMTP_URL) logger.info('no SMTP_URL: outgoing email is written to the outbox folder', { dir: outboxDir });
  let mailing: Promise<void> | null = null;
  const mailer = setInterval(() => {
    mailing ??= deliverDueEmails(deps, transport)
      .then(async () => void (await sweepUsedChallenges(deps)))
      .catch((error: unknown) => logger.error('email delivery failed', { error }))
      .finally(() => (mailing = null));
  }, env.MAIL_SEND_SECONDS * 1000);
  mailer.unref();
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
      server.closeIdleConnections();
      await Promise.race([closed, new Promise((r) => setTimeout(r, 2_000).unref())]);
      server.closeAllConnections();
      await closed;
      clearInterval(sweeper);
      await sweeping;
      clearInterval(mailer);
      await mailing;
      transport.close();
      clearInterval(usageFlusher);
      await flushing;
      await deps.usage.flush();
      await db.$disconnect();
      await embedded?.stop();
    },
  };
}
