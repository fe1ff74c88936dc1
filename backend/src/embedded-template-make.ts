import { mkdir, rename, rm } from 'node:fs/promises';
import { startEmbeddedDatabase } from '@baton/db/embedded';
import { migrateDatabase } from '@baton/migrate';

/**
 * Makes the embedded database's template (embedded-template.ts) afresh in `dir`: PGlite's initdb and every
 * migration. Built beside its place and renamed into it, so a server never copies a half-made one.
 */
export async function makeEmbeddedTemplate(dir: string): Promise<{ migrations: number }> {
  const making = `${dir}.making-${process.pid}`;
  await rm(making, { recursive: true, force: true });
  await mkdir(making, { recursive: true });
  const db = await startEmbeddedDatabase({ dataDir: making, maxConnections: 4 });
  let applied: string[];
  try {
    ({ applied } = await migrateDatabase(db.url));
  } finally {
    await db.stop();
  }
  await rm(dir, { recursive: true, force: true });
  await rename(making, dir);
  return { migrations: applied.length };
}
