import type { z } from 'zod';
import type { ImportInput } from '@baton/contracts';
import { parseGithubIssues } from './formats/github.ts';
import { parseJiraCsv } from './formats/jira.ts';
import { parseLinearCsv } from './formats/linear.ts';
import { parsePlainCsv } from './formats/plain-csv.ts';
import type { ParsedImport } from './formats/source-row.ts';

/** The file read as its format says: rows to create and the problems met. Pure: no database, no clock. */
export function parseImport(input: z.output<typeof ImportInput>): ParsedImport {
  switch (input.format) {
    case 'github':
      return parseGithubIssues(input.content);
    case 'linear':
      return parseLinearCsv(input.content, input.sourceUrl);
    case 'jira':
      return parseJiraCsv(input.content, input.sourceUrl);
    case 'csv':
      return parsePlainCsv(input.content, input.mapping);
  }
}
