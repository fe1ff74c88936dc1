import { readFile } from 'node:fs/promises';
import { ImportField, ImportFormat, type ImportPreview, type ImportProblem, type ImportReport } from '@baton/contracts';
import { CliFailure, UsageError } from '../cli-error.ts';
import { checked, str } from '../args/values.ts';
import { defineCommand } from './command.ts';

export const importCommand = defineCommand({
  name: 'import',
  args: ['<FILE>'],
  summary: 'Bring items in from GitHub (gh issue list --json), Linear or Jira CSV exports, or any CSV (managers and up).',
  options: {
    format: { type: 'string', value: 'FORMAT', help: 'github, linear, jira or csv (default: github for .json, csv otherwise)' },
    map: { type: 'string', multiple: true, value: 'COLUMN=FIELD', help: 'csv: map a column (title, description, type, status, priority, labels, assignee, externalId, url, dueDate, estimate, comment, ignore)' },
    site: { type: 'string', value: 'URL', help: 'the Linear workspace or Jira site address, for links back' },
    'dry-run': { type: 'boolean', help: 'show what would be imported and the problems; write nothing' },
  },
  async run(s, args, values) {
    const file = args[0]!;
    const content = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
      throw new CliFailure('NOT_FOUND', `cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
    });
    const format = checked(ImportFormat, str(values, 'format') ?? (file.endsWith('.json') ? 'github' : 'csv'), '--format', 'import');
    const mapping = Object.fromEntries(
      // not split at commas as other list options are: a column's name may hold one
      [values.map ?? []].flat().filter((v): v is string => typeof v === 'string').map((pair) => {
        const at = pair.lastIndexOf('=');
        if (at < 1) throw new UsageError(`--map takes COLUMN=FIELD, not "${pair}"`, 'import');
        return [pair.slice(0, at), checked(ImportField, pair.slice(at + 1), '--map', 'import')];
      }),
    );
    const site = str(values, 'site');
    const input = { productId: (await s.product()).id, format, content, ...(Object.keys(mapping).length && { mapping }), ...(site && { sourceUrl: site }) };
    if (values['dry-run']) {
      const preview = await s.api.imports.preview.mutate(input);
      s.out.result(preview, () => describePreview(preview));
      return;
    }
    const report = await s.write((idempotencyKey) => s.api.imports.run.mutate({ ...input, idempotencyKey }));
    s.out.result(report, () => describeReport(report));
  },
});

const problemLines = (problems: ImportProblem[]) => problems.map((p) => `  line ${p.line}: ${p.field} ${p.reason}${p.skipped ? ' (skipped)' : ''}`);

function describePreview(p: ImportPreview): string {
  const mapping = Object.entries(p.mapping).map(([column, field]) => `  ${column} -> ${field}`);
  return [
    `${p.counts.rows} rows: ${p.counts.toCreate} to create, ${p.counts.alreadyImported} imported before, ${p.counts.skipped} skipped. Nothing was written (--dry-run).`,
    ...(mapping.length ? ['Columns:', ...mapping] : []),
    ...(p.problems.length ? ['Problems:', ...problemLines(p.problems)] : []),
  ].join('\n');
}

function describeReport(r: ImportReport): string {
  const keys = r.created.map((c) => c.key);
  return [
    `Imported ${keys.length} ${keys.length === 1 ? 'item' : 'items'}${keys.length ? `: ${keys.slice(0, 20).join(', ')}${keys.length > 20 ? ', ...' : ''}` : ''}.`,
    ...(r.alreadyImported.length ? [`${r.alreadyImported.length} imported before, skipped.`] : []),
    ...(r.problems.length ? ['Problems:', ...problemLines(r.problems)] : []),
  ].join('\n');
}
