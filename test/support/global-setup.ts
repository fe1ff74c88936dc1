import { startEmbeddedDatabase, type EmbeddedDatabase } from '@baton/db';
import { migrateDatabase } from '@baton/migrate';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: 'embedded' | 'postgresql';
  }
}

let embedded: EmbeddedDatabase | null = null;

/** One database for the integration run: PostgreSQL when TEST_DATABASE_URL is set, else in-memory PGlite. */
export async function setup(project: TestProject) {
  let url = process.env.TEST_DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedDatabase();
    url = embedded.url;
  }
  await migrateDatabase(url);
  project.provide('databaseUrl', url);
  project.provide('databaseKind', embedded ? 'embedded' : 'postgresql');
}

export async function teardown() {
  await embedded?.stop();
}
