// Hosts the embedded database in a process of its own, so a benchmark can tell the app's CPU from the database's
// (in the server it runs in a worker thread of the server's process). Prints the URL; stops when stdin closes.
import { startEmbeddedDatabase } from '@baton/db';

const database = await startEmbeddedDatabase({ dataDir: process.env.EMBEDDED_DATA_DIR });
process.stdout.write(`${database.url}\n`);
process.stdin.resume();
process.stdin.on('end', async () => {
  await database.stop();
  process.exit(0);
});
