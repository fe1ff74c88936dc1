import { mkdir } from 'node:fs/promises';
import { claimDataDir, type DataDirClaim } from '@baton/backup/running-server';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '@baton/db/embedded';
import { embeddedTemplate } from './embedded-template.ts';

/** Where the embedded database and the attachments live when DATA_DIR is unset. */
export const DEFAULT_DATA_DIR = './data';

export type OpenDataDir = { embedded: EmbeddedDatabase; claim: DataDirClaim };

/**
 * Claims the data directory (one process per directory: refused while another server or an admin command holds
 * it), then starts the embedded database in it, a copy of the template when the directory is new.
 */
export async function openDataDir(dataDir: string): Promise<OpenDataDir> {
  await mkdir(dataDir, { recursive: true });
  const claim = await claimDataDir(dataDir, 'a Baton server that is still starting (try again once /ready answers)');
  try {
    return { embedded: await startEmbeddedDatabase({ dataDir, template: embeddedTemplate() }), claim };
  } catch (e) {
    await claim.close();
    throw e;
  }
}

let early: { dataDir: string; opening: Promise<OpenDataDir> } | null = null;

/**
 * Starts opening `dataDir` now (launch.ts, before the rest of the server loads): PGlite's WebAssembly compiles and
 * the database opens on its worker thread while the main thread loads the server's modules.
 */
export function openDataDirEarly(dataDir: string): void {
  const opening = openDataDir(dataDir);
  opening.catch(() => {}); // reported where the server takes it (takeDataDir)
  early = { dataDir, opening };
}

/** The data directory the server starts on: the one opened early when it is the same, else opened now. */
export function takeDataDir(dataDir: string): Promise<OpenDataDir> {
  const mine = early?.dataDir === dataDir ? early.opening : null;
  early = null;
  return mine ?? openDataDir(dataDir);
}
