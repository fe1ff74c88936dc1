import type { ImportProblem } from '@baton/contracts';
import { columns, readCsv, requireColumns } from './csv-table.ts';
import { buildRow, type ParsedImport } from './source-row.ts';

// Linear's CSV export (Settings → Import/Export → Export CSV): one row per issue with the columns ID (ENG-12),
// Team, Title, Description, Status, Estimate, Priority (Urgent/High/Medium/Low/No priority), Project, Creator,
// Assignee, Labels (comma-separated in one cell), Cycle Name, Created, Completed, Canceled, Due Date, Parent issue...
// It carries no addresses: with the workspace's address (https://linear.app/acme) each row links back to
// <workspace>/issue/<ID>.
export function parseLinearCsv(content: string, sourceUrl?: string): ParsedImport {
  const table = readCsv(content);
  requireColumns(table, 'Linear', ['ID', 'Title', 'Status']);
  const col = columns(table);
  const problems: ImportProblem[] = [];
  const rows = table.rows.flatMap(({ line, cells }) => {
    const id = col.one(cells, 'ID');
    const row = buildRow(
      {
        line,
        externalId: id,
        title: col.one(cells, 'Title'),
        description: col.one(cells, 'Description'),
        status: col.one(cells, 'Status'),
        priority: col.one(cells, 'Priority'),
        labels: col.one(cells, 'Labels').split(','),
        assignee: col.one(cells, 'Assignee'),
        url: sourceUrl && id ? `${sourceUrl.replace(/\/+$/, '')}/issue/${encodeURIComponent(id)}` : undefined,
        dueDate: col.one(cells, 'Due Date'),
        estimate: col.one(cells, 'Estimate'),
      },
      problems,
    );
    return row ? [row] : [];
  });
  return { columns: table.headers, mapping: {}, rows, problems };
}
