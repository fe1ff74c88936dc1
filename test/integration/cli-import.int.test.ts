import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useCliServer } from '../support/cli.ts';

// `baton import` as a subprocess: a dry run writes nothing, the run reports keys and problems, a second run skips
// everything, plain CSV columns are mapped with --map, and bad flags are usage errors before any call.

const cli = useCliServer();
const sample = (name: string) => fileURLToPath(new URL(`../fixtures/imports/${name}`, import.meta.url));

describe('baton import', () => {
  it('dry-runs, imports and re-imports a Jira export with links back to the site', async () => {
    const w = await cli.workspace();
    const count = () => cli.db.item.count({ where: { productId: w.product.id } });
    const dry = await w.run(['import', sample('jira-export.csv'), '--format', 'jira', '--dry-run']);
    expect(dry).toMatchObject({ code: 0, stderr: '' });
    expect(dry.stdout).toContain('4 rows: 3 to create, 0 imported before, 1 skipped. Nothing was written (--dry-run).');
    expect(dry.stdout).toContain('line 6: externalId "SHOP-9" appears earlier in the file (skipped)');
    expect(await count()).toBe(0);

    const run = await w.run(['import', sample('jira-export.csv'), '--format', 'jira', '--site', 'https://acme.atlassian.net']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Imported 3 items: ${w.product.key}-1, ${w.product.key}-2, ${w.product.key}-3\\.\\n`));
    expect(await w.client.imports.origin.query({ productId: w.product.id, ref: `${w.product.key}-1` })).toEqual({ source: 'jira', externalId: 'SHOP-7', url: 'https://acme.atlassian.net/browse/SHOP-7' });

    const again = await w.json<{ created: unknown[]; alreadyImported: unknown[] }>(['import', sample('jira-export.csv'), '--format', 'jira']);
    expect([again.created.length, again.alreadyImported.length]).toEqual([0, 3]);
    expect(await count()).toBe(3);
  });

  it('maps plain CSV columns with --map and refuses bad flags', async () => {
    const w = await cli.workspace();
    const file = join(await cli.tempDir(), 'tasks.csv');
    await writeFile(file, 'Ref,What,Who cares\nA-1,"Title, with a comma",yes\n');
    const run = await w.json<{ created: { externalId: string; key: string }[] }>(['import', file, '--map', 'Ref=externalId', '--map', 'What=title']);
    expect(run.created).toEqual([{ line: 2, externalId: 'A-1', key: `${w.product.key}-1` }]);
    expect((await w.client.items.get.query({ productId: w.product.id, ref: `${w.product.key}-1` })).title).toBe('Title, with a comma');

    const badField = await w.run(['import', file, '--map', 'What=colour']);
    expect(badField).toMatchObject({ code: 2, stderr: expect.stringContaining('--map: ') });
    const badFormat = await w.run(['import', file, '--format', 'trello']);
    expect(badFormat).toMatchObject({ code: 2, stderr: expect.stringContaining('--format: ') });
    const missing = await w.run(['import', join(file, '..', 'nope.csv')]);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('no such file') });
  });
});
