import { LIMITS, type ImportComment, type ImportField, type ImportProblem, type ItemPriority, type ItemStatus, type ItemType } from '@baton/contracts';
import { priorityFromWord, statusFromWord, typeFromLabels, typeFromWord } from './vocabulary.ts';

/** A row as a format reads it, before members and earlier imports are looked up (core/imports/preview-import). */
export type SourceRow = {
  line: number;
  externalId: string;
  title: string;
  description: string;
  type: ItemType;
  status: ItemStatus;
  priority: ItemPriority;
  labels: string[];
  assignee: string | null;
  url: string | null;
  dueDate: Date | null;
  estimate: number | null;
  comments: ImportComment[];
};

export type ParsedImport = { columns: string[]; mapping: Record<string, ImportField>; rows: SourceRow[]; problems: ImportProblem[] };

/** The raw values a format found for one row; `build` turns them into a SourceRow, reporting what it could not use. */
export type RawRow = {
  line: number;
  externalId: string;
  title: string;
  description?: string;
  type?: string;
  status?: string;
  priority?: string;
  labels?: string[];
  assignee?: string;
  url?: string;
  dueDate?: string;
  estimate?: string;
  comments?: ImportComment[];
};

const clean = (s: string | undefined) => (s ?? '').trim();

/** Builds a row or, when it cannot become an item, records why and returns null. */
export function buildRow(raw: RawRow, problems: ImportProblem[]): SourceRow | null {
  const report = (field: string, reason: string, skipped = false) => problems.push({ line: raw.line, field, reason, skipped });
  const title = clean(raw.title).replace(/\s+/g, ' ');
  if (!title) return report('title', 'is empty', true), null;
  if (title.length > LIMITS.title) return report('title', `is longer than ${LIMITS.title} characters`, true), null;
  if (!clean(raw.externalId)) return report('externalId', 'is empty: the original id is what makes a re-run skip this row', true), null;
  const description = raw.description ?? '';
  if (description.length > LIMITS.description) return report('description', `is longer than ${LIMITS.description} characters`, true), null;

  const labels = [...new Set((raw.labels ?? []).map((l) => l.trim()).filter(Boolean))];
  const word = <T>(field: string, value: string | undefined, read: (w: string) => T | null, fallback: T): T => {
    if (!clean(value)) return fallback;
    const found = read(value!);
    if (found === null) report(field, `"${clean(value)}" is not a known ${field}; ${String(fallback).replace('_', ' ')} is used`);
    return found ?? fallback;
  };
  const keptLabels = labels.filter((l) => l.length <= LIMITS.labelName).slice(0, LIMITS.labelsPerItem);
  if (keptLabels.length < labels.length) report('labels', `only ${LIMITS.labelsPerItem} labels of up to ${LIMITS.labelName} characters are kept`);
  return {
    line: raw.line,
    externalId: clean(raw.externalId),
    title,
    description,
    type: raw.type ? word('type', raw.type, typeFromWord, 'task') : (typeFromLabels(labels) ?? 'task'),
    status: word('status', raw.status, statusFromWord, 'open'),
    priority: word('priority', raw.priority, priorityFromWord, 'medium'),
    labels: keptLabels,
    assignee: clean(raw.assignee) || null,
    url: httpUrl(raw.url, () => report('url', 'is not an http(s) address and is not kept')),
    dueDate: date(raw.dueDate, () => report('dueDate', `"${clean(raw.dueDate)}" is not a date and is not kept`)),
    estimate: estimate(raw.estimate, () => report('estimate', `"${clean(raw.estimate)}" is not a number from 0 to 10000 and is not kept`)),
    comments: (raw.comments ?? []).filter((c) => c.body.trim() !== '').map((c) => ({ ...c, body: c.body.slice(0, LIMITS.comment - 200) })),
  };
}

function httpUrl(raw: string | undefined, bad: () => void): string | null {
  const s = clean(raw);
  if (!s) return null;
  try {
    const u = new URL(s);
    if (u.protocol === 'http:' || u.protocol === 'https:') return s.slice(0, 2000);
  } catch {
    // reported below
  }
  return bad(), null;
}

function date(raw: string | undefined, bad: () => void): Date | null {
  const s = clean(raw);
  if (!s) return null;
  const d = parseLooseDate(s);
  if (d && d.getUTCFullYear() >= 1 && d.getUTCFullYear() <= 9999) return d;
  return bad(), null;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** ISO dates, and Jira's export form `12/Mar/24 4:05 PM` (day/month-name/two-digit year). */
export function parseLooseDate(s: string): Date | null {
  const jira = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{2,4})(?:\s+(\d{1,2}):(\d{2})\s*([AP]M)?)?$/i.exec(s.trim());
  if (jira) {
    const month = MONTHS.indexOf(jira[2]!.toLowerCase());
    if (month < 0) return null;
    const year = jira[3]!.length === 2 ? 2000 + Number(jira[3]) : Number(jira[3]);
    let hour = Number(jira[4] ?? 0) % 12;
    if (jira[6]?.toUpperCase() === 'PM') hour += 12;
    if (!jira[6] && jira[4]) hour = Number(jira[4]);
    return new Date(Date.UTC(year, month, Number(jira[1]), hour, Number(jira[5] ?? 0)));
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(s)) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

function estimate(raw: string | undefined, bad: () => void): number | null {
  const s = clean(raw);
  if (!s) return null;
  const n = Number(s);
  if (Number.isFinite(n) && n >= 0 && n <= 10_000) return n;
  return bad(), null;
}
