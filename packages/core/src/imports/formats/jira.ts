import type { ImportComment, ImportProblem } from '@baton/contracts';
import { columns, readCsv, requireColumns } from './csv-table.ts';
import { buildRow, parseLooseDate, type ParsedImport } from './source-row.ts';

// Jira's CSV export (Filters → Export → CSV, all fields): Summary, Issue key (PROJ-7), Issue id, Issue Type
// (Bug/Story/Task/Epic/Sub-task), Status, Priority (Highest..Lowest), Assignee and Reporter (display names),
// Created, Due date, Description, and a header repeated once per value for Labels and Comment. A comment cell reads
// `12/Mar/24 4:05 PM;<account id>;<text>`. Rows carry no addresses: with the site's address
// (https://acme.atlassian.net) each links back to <site>/browse/<key>.
export function parseJiraCsv(content: string, sourceUrl?: string): ParsedImport {
  const table = readCsv(content);
  requireColumns(table, 'Jira', ['Summary', 'Issue key']);
  const col = columns(table);
  const problems: ImportProblem[] = [];
  const rows = table.rows.flatMap(({ line, cells }) => {
    const key = col.one(cells, 'Issue key');
    const row = buildRow(
      {
        line,
        externalId: key,
        title: col.one(cells, 'Summary'),
        description: col.one(cells, 'Description'),
        type: col.one(cells, 'Issue Type'),
        status: col.one(cells, 'Status'),
        priority: col.one(cells, 'Priority'),
        labels: col.all(cells, 'Labels'),
        assignee: col.one(cells, 'Assignee'),
        url: sourceUrl && key ? `${sourceUrl.replace(/\/+$/, '')}/browse/${encodeURIComponent(key)}` : undefined,
        dueDate: col.one(cells, 'Due date', 'Due Date'),
        estimate: col.one(cells, 'Custom field (Story Points)', 'Story Points', 'Custom field (Story point estimate)'),
        comments: col.all(cells, 'Comment').map(jiraComment),
      },
      problems,
    );
    return row ? [row] : [];
  });
  return { columns: table.headers, mapping: {}, rows, problems };
}

function jiraComment(cell: string): ImportComment {
  const [when, author, ...rest] = cell.split(';');
  const at = when ? parseLooseDate(when) : null;
  // a cell not in the date;author;text form is kept whole as the text
  return at && rest.length ? { author: author ?? '', at, body: rest.join(';') } : { author: '', at: null, body: cell };
}
