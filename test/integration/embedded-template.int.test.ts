import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeEmbeddedTemplate } from '@baton/backend';
import { startEmbeddedDatabase } from '@baton/db';
import { pendingMigrations } from '@baton/migrate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../support/pg-client.ts';

// The embedded database's template (backend/src/embedded-template.ts): made at build time, copied into a new data
// directory instead of PGlite's initdb and the migrations. What it must never do: overwrite a database.

let root: string;
let template: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'baton-template-test-'));
  template = join(root, 'template');
  expect(await makeEmbeddedTemplate(template)).toEqual({ migrations: expect.any(Number) });
}, 180_000);
afterAll(() => rm(root, { recursive: true, force: true }));

const rows = (url: string, sql: string) => queryRows(url, sql);

describe('the embedded database template', () => {
  it('starts a new data directory migrated, and never copies over a database that is there', async () => {
    const dataDir = join(root, 'installation');
    const first = await startEmbeddedDatabase({ dataDir, template });
    try {
      expect(await pendingMigrations(first.url)).toEqual([]);
      await rows(first.url, `CREATE TABLE "Mine" (v TEXT); INSERT INTO "Mine" VALUES ('kept')`);
    } finally {
      await first.stop();
    }
    const again = await startEmbeddedDatabase({ dataDir, template });
    try {
      expect(await rows(again.url, `SELECT v FROM "Mine"`)).toEqual([{ v: 'kept' }]);
    } finally {
      await again.stop();
    }
  });

  it('copies again over a copy cut short (no PG_VERSION yet)', async () => {
    const dataDir = join(root, 'cut-short');
    await cp(template, dataDir, { recursive: true, filter: (src) => !src.endsWith('PG_VERSION') && !src.includes(`${join(template, 'base')}/`) });
    await writeFile(join(dataDir, 'attachments-were-here'), '');
    const db = await startEmbeddedDatabase({ dataDir, template });
    try {
      expect(await pendingMigrations(db.url)).toEqual([]);
      expect(await rows(db.url, `SELECT count(*)::int AS n FROM "Item"`)).toEqual([{ n: 0 }]);
    } finally {
      await db.stop();
    }
  });
});
