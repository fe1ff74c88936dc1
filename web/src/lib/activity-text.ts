import type { EstimateUnit } from '@baton/contracts';
import { formatEstimate } from '@baton/contracts/estimate-unit';
import { PRIORITY_LABEL, STATUS_LABEL, TYPE_LABEL } from '@baton/contracts/item-labels';

type Event = { action: string; field: string | null; before: unknown; after: unknown };
type Member = { id: string; name: string };
export type ActivityText = { text: string; before?: string; after?: string; note?: string; links?: string[] };

const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** `30% · writing tests — 3 of 5 pass`, from a progress report as the history keeps it. */
export function progressText(p: { percent?: unknown; stage?: unknown; message?: unknown }): string {
  const percent = typeof p.percent === 'number' ? `${p.percent}%` : undefined;
  const head = [percent, str(p.stage)].filter(Boolean).join(' · ');
  return str(p.message) ? `${head} — ${str(p.message)}` : head;
}

/**
 * How an item's activity event reads: what happened, the values before and after when they mean something, a
 * note (a reason, a progress message) and links (evidence, a pull request). The one place activity becomes words:
 * a structured value is read field by field, never printed whole.
 */
export function describeActivity(a: Event, members: Member[], unit: EstimateUnit): ActivityText {
  const FIELD: Record<string, string> = {
    title: 'title', description: 'description', status: 'status', priority: 'priority', type: 'type', assigneeUserId: 'assignee', assigneeAgentId: 'agent assignee',
    estimate: 'estimate', dueDate: 'due date', visibility: 'visibility', environment: 'environment', affectedVersion: 'affected version',
    fixedVersion: 'fixed version', targetRelease: 'target release', stepsToReproduce: 'steps to reproduce', expected: 'expected result',
    actual: 'actual result', milestoneId: 'milestone', sprintId: 'sprint', parentId: 'parent', customFields: 'custom fields', labels: 'labels',
  };
  const value = (v: unknown): string => {
    if (v === null || v === undefined || v === '') return 'none';
    if (Array.isArray(v)) return v.map(value).join(', ') || 'none';
    // a status change with a reason or evidence keeps { status, reason, evidence }
    if (a.field === 'status' && typeof v === 'object') return value(record(v).status);
    if (a.field === 'estimate' && typeof v === 'number') return formatEstimate(v, unit, 'long');
    if (typeof v !== 'string') return typeof v === 'object' ? JSON.stringify(v) : String(v);
    if (a.field === 'status') return STATUS_LABEL[v as keyof typeof STATUS_LABEL] ?? v;
    if (a.field === 'priority') return PRIORITY_LABEL[v as keyof typeof PRIORITY_LABEL] ?? v;
    if (a.field === 'type') return TYPE_LABEL[v as keyof typeof TYPE_LABEL] ?? v;
    if (a.field === 'assigneeUserId') return members.find((m) => m.id === v)?.name ?? 'someone';
    // API keys are not members: the page has no name for one, and its id means nothing to a reader
    if (a.field === 'assigneeAgentId') return 'an agent';
    if (a.field === 'dueDate') return v.slice(0, 10);
    return v;
  };
  const quoted = (v: unknown) => (typeof v === 'string' ? ` “${v}”` : '');
  switch (a.action) {
    case 'status_changed':
      if (a.field === 'status' && typeof a.after === 'object' && a.after !== null) {
        const detail = record(a.after);
        const evidence = record(detail.evidence);
        const links = Array.isArray(evidence.links) ? evidence.links.filter((l): l is string => typeof l === 'string') : [];
        const note = [str(detail.reason), str(evidence.testOutput) && `tests: ${str(evidence.testOutput)!.split('\n')[0]}`].filter(Boolean).join(' · ');
        return { text: 'changed the status', before: value(a.before), after: value(a.after), ...(note && { note }), ...(links.length && { links }) };
      }
    // falls through: a plain status change reads like any field change
    case 'updated': {
      const name = a.field ? (FIELD[a.field] ?? a.field) : 'the item';
      // long text is shown as a diff (or not at all); ids of things the page cannot name are left out
      if (a.field === 'description' || a.field === 'stepsToReproduce' || a.field === 'expected' || a.field === 'actual') return { text: `changed the ${name}` };
      if (a.field === 'milestoneId' || a.field === 'sprintId' || a.field === 'parentId' || a.field === 'customFields') return { text: `changed the ${name}` };
      return { text: `changed the ${name}`, before: value(a.before), after: value(a.after) };
    }
    case 'checklist_added':
      return { text: `added the criterion${quoted(a.after)}` };
    case 'checklist_removed':
      return { text: `removed the criterion${quoted(a.before)}` };
    case 'checklist_checked':
      return { text: 'checked a criterion' };
    case 'checklist_unchecked':
      return { text: 'unchecked a criterion' };
    case 'checklist_moved':
      return { text: 'reordered the criteria' };
    case 'linked':
      return { text: `added a link (${(a.field ?? '').replaceAll('_', ' ')})` };
    case 'unlinked':
      return { text: `removed a link (${(a.field ?? '').replaceAll('_', ' ')})` };
    case 'comment_edited':
      return { text: 'edited a comment' };
    case 'attachment_added':
      return { text: `attached${quoted(a.after)}` };
    case 'attachment_removed':
      return { text: `removed the attachment${quoted(a.before)}` };
    case 'progress_reported':
      return { text: 'reported progress', note: progressText(record(a.after)) };
    case 'claimed':
      return { text: record(a.after).tookOver ? 'took over their own claim' : 'claimed the item' };
    case 'claim_released':
      return { text: 'released the claim', ...(str(record(a.after).note) && { note: str(record(a.after).note) }) };
    case 'claim_expired':
      return { text: 'ended an expired lease' };
    case 'claim_completed':
      return { text: 'completed the claim' };
    case 'claim_revoked':
      return { text: "ended someone else's claim", ...(str(record(a.after).note) && { note: str(record(a.after).note) }) };
    case 'pr_linked':
    case 'pr_updated': {
      const pr = record(a.after);
      const url = str(pr.url);
      const what = `${a.action === 'pr_linked' ? 'linked' : 'updated'} a pull request`;
      return { text: str(pr.status) ? `${what} (${str(pr.status)})` : what, ...(url && { links: [url] }) };
    }
    case 'time_logged':
      return { text: `logged ${typeof a.after === 'number' ? `${a.after} min` : 'time'}` };
    default:
      return { text: a.action.replaceAll('_', ' ') };
  }
}
