import { existsSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

export type EmbeddedDatabase = { url: string; stop(): Promise<void> };

type Options = {
  /** undefined = in memory (tests) */
  dataDir?: string;
  /** a data directory made earlier (initdb and migrations, at build time): a new `dataDir` starts as a copy of it */
  template?: string;
  port?: number;
  /** must cover the pool: pglite-socket's default of 1 resets pooled connections */
  maxConnections?: number;
};

/** Starts PGlite in a worker thread, served on 127.0.0.1. */
export async function startEmbeddedDatabase(opts: Options = {}): Promise<EmbeddedDatabase> {
  if (opts.dataDir && opts.template) await copyTemplate(opts.template, opts.dataDir);
  const worker = new Worker(new URL('./embedded-worker.mjs', import.meta.url), {
    workerData: { dataDir: opts.dataDir, port: opts.port ?? 0, maxConnections: opts.maxConnections ?? 32 },
  });
  const conn = await new Promise<string>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (m: { type: string; conn?: string }) => {
      if (m.type === 'ready' && m.conn) resolve(m.conn);
    });
  });
  let stopped = false;
  return {
    url: `postgresql://postgres:postgres@${conn}/postgres`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await new Promise<void>((resolve) => {
        worker.on('message', (m: { type: string }) => m.type === 'stopped' && resolve());
        worker.postMessage({ type: 'stop' });
      });
      await worker.terminate();
    },
  };
}

/**
 * A new data directory as a copy of `template`: a file copy instead of PGlite's initdb in WebAssembly (11 s at load
 * 7, half a minute at load 20, against well under a second). Only where the directory holds no database yet
 * (PG_VERSION marks one). PG_VERSION is copied last, so a copy cut short is copied again at the next start rather
 * than opened half-made.
 */
async function copyTemplate(template: string, dataDir: string): Promise<void> {
  if (existsSync(join(dataDir, 'PG_VERSION')) || !existsSync(join(template, 'PG_VERSION'))) return;
  await cp(template, dataDir, { recursive: true, filter: (src) => src !== join(template, 'PG_VERSION') });
  await cp(join(template, 'PG_VERSION'), join(dataDir, 'PG_VERSION'));
}
