import { ImportField, type ImportProblem } from '@baton/contracts';
import { badField } from '../../errors.ts';
import { readCsv } from './csv-table.ts';
import { buildRow, type ParsedImport, type RawRow } from './source-row.ts';

// Any CSV file: each column is mapped to a field, as the person previewing chose, else guessed from its header.

const GUESS: [RegExp, ImportField][] = [
  [/^(title|summary|name|subject)$/, 'title'],
  [/^(description|body|details|notes?)$/, 'description'],
  [/^(type|issue ?type|kind)$/, 'type'],
  [/^(status|state)$/, 'status'],
  [/^(priority|severity)$/, 'priority'],
  [/^(labels?|tags?)$/, 'labels'],
  [/^(assignee|assigned ?to|owner)$/, 'assignee'],
  [/^(id|key|issue ?key|issue ?id|number|#)$/, 'externalId'],
  [/^(url|link|address)$/, 'url'],
  [/^(due|due ?date|deadline)$/, 'dueDate'],
  [/^(estimate|points|story ?points)$/, 'estimate'],
  [/^(comments?)$/, 'comment'],
];

export const guessField = (header: string): ImportField => GUESS.find(([re]) => re.test(header.trim().toLowerCase()))?.[1] ?? 'ignore';

export function parsePlainCsv(content: string, chosen: Record<string, ImportField> = {}): ParsedImport {
  const table = readCsv(content);
  const unknown = Object.keys(chosen).filter((h) => !table.headers.includes(h));
  if (unknown.length) throw badField('mapping', `names ${unknown.map((h) => `"${h}"`).join(', ')}, which the file has no column for`);
  const mapping = Object.fromEntries(table.headers.map((h) => [h, chosen[h] ?? guessField(h)])) as Record<string, ImportField>;
  const mapped = new Set(Object.values(mapping));
  if (!mapped.has('title')) throw badField('mapping', 'maps no column to title: choose the column that holds each item\'s title');
  const problems: ImportProblem[] = [];
  const rows = table.rows.flatMap(({ line, cells }) => {
    const raw: RawRow = { line, externalId: mapped.has('externalId') ? '' : `line-${line}`, title: '', labels: [], comments: [] };
    table.headers.forEach((h, i) => {
      const value = cells[i] ?? '';
      const field = mapping[h]!;
      if (field === 'ignore') return;
      if (field === 'labels') raw.labels!.push(...value.split(/[,;]/));
      else if (field === 'comment') raw.comments!.push({ author: '', at: null, body: value });
      else if (!raw[field]) raw[field] = value;
    });
    const row = buildRow(raw, problems);
    return row ? [row] : [];
  });
  return { columns: table.headers, mapping, rows, problems };
}
