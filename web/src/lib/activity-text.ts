import { PRIORITY_LABEL, STATUS_LABEL, TYPE_LABEL } from '@baton/contracts/item-labels';

type Event = { action: string; field: string | null; before: unknown; after: unknown };
type Member = { id: string; name: string };

/** How an item's activity event reads: what happened, and the values before and after when they mean something. */
export function describeActivity(a: Event, members: Member[]): { text: string; before?: string; after?: string } {
  const FIELD: Record<string, string> = {
    title: 'title', description: 'description', status: 'status', priority: 'priority', type: 'type', assigneeUserId: 'assignee',
    estimate: 'estimate', dueDate: 'due date', visibility: 'visibility', environment: 'environment', affectedVersion: 'affected version',
    fixedVersion: 'fixed version', targetRelease: 'target release', stepsToReproduce: 'steps to reproduce', expected: 'expected result',
    actual: 'actual result', milestoneId: 'milestone', sprintId: 'sprint', parentId: 'parent', customFields: 'custom fields', labels: 'labels',
  };
  const value = (v: unknown): string => {
    if (v === null || v === undefined || v === '') return 'none';
    if (a.field === 'status') return STATUS_LABEL[v as keyof typeof STATUS_LABEL] ?? String(v);
    if (a.field === 'priority') return PRIORITY_LABEL[v as keyof typeof PRIORITY_LABEL] ?? String(v);
    if (a.field === 'type') return TYPE_LABEL[v as keyof typeof TYPE_LABEL] ?? String(v);
    if (a.field === 'assigneeUserId') return members.find((m) => m.id === v)?.name ?? 'someone';
    if (a.field === 'dueDate' && typeof v === 'string') return v.slice(0, 10);
    if (Array.isArray(v)) return v.join(', ') || 'none';
    return typeof v === 'string' ? v : JSON.stringify(v);
  };
  const quoted = (v: unknown) => (typeof v === 'string' ? ` “${v}”` : '');
  switch (a.action) {
    case 'updated':
    case 'status_changed': {
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
    case 'time_logged':
      return { text: `logged ${typeof a.after === 'number' ? `${a.after} min` : 'time'}` };
    default:
      return { text: a.action.replaceAll('_', ' ') };
  }
}
