import { Worker } from 'node:worker_threads';

export type EmbeddedDatabase = { url: string; stop(): Promise<void> };

/**
 * Starts PGlite in a worker thread, served on 127.0.0.1. `dataDir` undefined = in memory (tests).
 * maxConnections must cover the pool: pglite-socket's default of 1 resets pooled connections.
 */
export async function startEmbeddedDatabase(opts: { dataDir?: string; port?: number; maxConnections?: number } = {}): Promise<EmbeddedDatabase> {
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
