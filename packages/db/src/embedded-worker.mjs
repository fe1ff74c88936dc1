// Hosts the embedded PostgreSQL (PGlite, WASM) in a worker thread and serves it over the PostgreSQL wire
// protocol. WASM runs on the event loop that hosts it (stalls of ~650 ms were measured on large queries), so it
// must never share the HTTP server's loop. Plain JS so it loads under any runner without a TS loader.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const { dataDir, port, maxConnections } = workerData;
const db = await PGlite.create(dataDir ? { dataDir } : {});
const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections });
await server.start();
parentPort.postMessage({ type: 'ready', conn: server.getServerConn() });

parentPort.on('message', async (msg) => {
  if (msg?.type !== 'stop') return;
  await server.stop();
  await db.close();
  parentPort.postMessage({ type: 'stopped' });
});
