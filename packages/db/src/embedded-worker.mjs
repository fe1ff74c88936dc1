// Hosts the embedded PostgreSQL (PGlite, WASM) in a worker thread and serves it over the PostgreSQL wire
// protocol. WASM runs on the event loop that hosts it (stalls of ~650 ms were measured on large queries), so it
// must never share the HTTP server's loop. Plain JS so it loads under any runner without a TS loader.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const { dataDir, port, maxConnections } = workerData;
// shared_buffers 16MB, not PostgreSQL's 128MB: the pages sit in WASM memory, which never shrinks, on top of the
// operating system's cache of the same files (dataDir is a real directory); a small PGlite settled at 291 MiB
// RSS against 470 MiB after the same load. maintenance_work_mem bounds index builds in migrations likewise.
const startParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB', '-c', 'maintenance_work_mem=16MB'];
const db = await PGlite.create(dataDir ? { dataDir, startParams } : { startParams });
const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections });
await server.start();
parentPort.postMessage({ type: 'ready', conn: server.getServerConn() });

parentPort.on('message', async (msg) => {
  if (msg?.type !== 'stop') return;
  await server.stop();
  await db.close();
  parentPort.postMessage({ type: 'stopped' });
});
