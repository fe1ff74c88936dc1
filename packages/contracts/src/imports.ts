import { z } from 'zod';
import { Id } from './common.ts';
import { ItemPriority, ItemStatus, ItemType } from './enums.ts';
import { HttpUrl, line, text } from './text.ts';

/**
 * Bringing work in from another tracker (core/imports): the file as the tool exports it, previewed (mapped rows
 * and problems, nothing written), then run. Re-running the same file skips what was imported before.
 */
export const ImportFormat = z.enum(['github', 'linear', 'jira', 'csv']);
export type ImportFormat = z.infer<typeof ImportFormat>;

/** What a column of a plain CSV file can become (`ignore` drops it). */
export const ImportField = z.enum(['title', 'description', 'type', 'status', 'priority', 'labels', 'assignee', 'externalId', 'url', 'dueDate', 'estimate', 'comment', 'ignore']);
export type ImportField = z.infer<typeof ImportField>;

/** Under the API's 1 MB body limit with room for JSON escaping; split a larger export into several files. */
export const IMPORT_LIMITS = { contentChars: 900_000, rows: 2_000, batch: 50 } as const;

export const ImportInput = z.strictObject({
  productId: Id,
  format: ImportFormat,
  content: text()
    .min(1, 'is empty: choose the exported file')
    .max(IMPORT_LIMITS.contentChars, `is longer than ${IMPORT_LIMITS.contentChars} characters; split the export into smaller files`),
  /** plain CSV only: column header → field; columns left out are guessed from their headers */
  mapping: z.record(line().min(1).max(200), ImportField).optional(),
  /** Jira's CSV has no addresses: the site (https://acme.atlassian.net) makes each row's link back */
  sourceUrl: HttpUrl.optional(),
});
export type ImportInput = z.input<typeof ImportInput>;

export const ImportComment = z.object({ author: z.string(), at: z.date().nullable(), body: z.string() });
export type ImportComment = z.infer<typeof ImportComment>;

/** One source row as it will be created. `line` is the row's line (CSV) or position (JSON), counted from 1. */
export const ImportRow = z.object({
  line: z.number().int(),
  externalId: z.string(),
  title: z.string(),
  description: z.string(),
  type: ItemType,
  status: ItemStatus,
  priority: ItemPriority,
  labels: z.array(z.string()),
  /** the assignee as the file names them, and the member it matched (null: left unassigned, reported) */
  assignee: z.string().nullable(),
  assigneeUserId: z.string().nullable(),
  url: z.string().nullable(),
  dueDate: z.date().nullable(),
  estimate: z.number().nullable(),
  comments: z.array(ImportComment),
  /** set when this original was imported before: the item it became, and the row is skipped */
  existingKey: z.string().nullable(),
});
export type ImportRow = z.infer<typeof ImportRow>;

/** A row skipped (`skipped`) or a value that could not be used as it was (the row still imports). */
export const ImportProblem = z.object({ line: z.number().int(), field: z.string(), reason: z.string(), skipped: z.boolean() });
export type ImportProblem = z.infer<typeof ImportProblem>;

export const ImportPreview = z.object({
  format: ImportFormat,
  /** plain CSV: the headers and the mapping used (guessed, or as sent) */
  columns: z.array(z.string()),
  mapping: z.record(z.string(), ImportField),
  rows: z.array(ImportRow),
  problems: z.array(ImportProblem),
  counts: z.object({ rows: z.number().int(), toCreate: z.number().int(), alreadyImported: z.number().int(), skipped: z.number().int() }),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const ImportReport = z.object({
  created: z.array(z.object({ line: z.number().int(), externalId: z.string(), key: z.string() })),
  alreadyImported: z.array(z.object({ line: z.number().int(), externalId: z.string(), key: z.string() })),
  problems: z.array(ImportProblem),
});
export type ImportReport = z.infer<typeof ImportReport>;

export const ImportOrigin = z.object({ source: ImportFormat, externalId: z.string(), url: z.string().nullable() }).nullable();
export type ImportOrigin = z.infer<typeof ImportOrigin>;
