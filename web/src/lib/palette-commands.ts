// The command palette's commands, built from what the current page already loaded (pure: no fetch, no DOM), so
// the palette offers exactly the moves the page itself offers and a unit test can read the list.
import { allowedStates, type ItemPriority, type ItemStatus, type WorkflowState } from '@baton/contracts';
import { PRIORITIES, PRIORITY_LABEL } from '@baton/contracts/item-labels';
import { PRODUCT_SECTIONS } from './product-sections';

/** What a command does: go somewhere, or save one field of the current item through its page's own form action. */
export type PaletteRun =
  | { kind: 'goto'; href: string }
  // `original` is the field's value when the palette opened: the base that lets a save merge with another's change
  | { kind: 'update'; field: 'status' | 'priority' | 'assigneeUserId' | 'milestoneId' | 'sprintId'; value: string; original: string }
  | { kind: 'labels'; value: string };

export type PaletteCommand = { id: string; group: string; label: string; run: PaletteRun };

type Named = { id: string; name: string };
/** The item page's data, when the palette opens on an item. */
export type PaletteItem = {
  key: string;
  status: ItemStatus;
  /** its workflow state (null in triage) */
  state: { id: string; name: string } | null;
  priority: ItemPriority;
  assignee: { id: string } | null;
  milestone?: { id: string } | null;
  sprint?: { id: string } | null;
  labels: { name: string }[];
};
export type PaletteContext = {
  productKey: string;
  /** products the person can switch to (archived ones left out by the caller) */
  products: { key: string; name: string }[];
  canWrite: boolean;
  item?: PaletteItem;
  members?: Named[];
  milestones?: Named[];
  sprints?: Named[];
  labels?: { name: string }[];
  /** the product's workflow states, which the item page loads for its own status picker */
  states?: WorkflowState[];
};


function itemCommands(ctx: PaletteContext, item: PaletteItem): PaletteCommand[] {
  const group = `${item.key}`;
  const out: PaletteCommand[] = [];
  const now = { status: item.state?.name ?? item.status, priority: item.priority, assigneeUserId: item.assignee?.id ?? '', milestoneId: item.milestone?.id ?? '', sprintId: item.sprint?.id ?? '' };
  const update = (id: string, label: string, field: Extract<PaletteRun, { kind: 'update' }>['field'], value: string) =>
    out.push({ id, group, label, run: { kind: 'update', field, value, original: now[field] } });
  // the same moves the status picker offers (allowedStates), sent by the state's name as the picker sends them
  for (const s of allowedStates(ctx.states ?? [], { status: item.status, stateId: item.state?.id ?? null })) update(`status:${s.id}`, `Set status: ${s.name}`, 'status', s.name);
  for (const p of PRIORITIES.filter((p) => p !== item.priority)) update(`priority:${p}`, `Set priority: ${PRIORITY_LABEL[p]}`, 'priority', p);
  for (const m of ctx.members ?? []) if (m.id !== item.assignee?.id) update(`assign:${m.id}`, `Assign to ${m.name}`, 'assigneeUserId', m.id);
  if (item.assignee) update('assign:none', 'Unassign', 'assigneeUserId', '');
  for (const m of ctx.milestones ?? []) if (m.id !== item.milestone?.id) update(`milestone:${m.id}`, `Move to milestone ${m.name}`, 'milestoneId', m.id);
  if (item.milestone) update('milestone:none', 'Remove from milestone', 'milestoneId', '');
  for (const s of ctx.sprints ?? []) if (s.id !== item.sprint?.id) update(`sprint:${s.id}`, `Move to sprint ${s.name}`, 'sprintId', s.id);
  const has = new Set(item.labels.map((l) => l.name));
  const names = item.labels.map((l) => l.name);
  for (const l of ctx.labels ?? []) {
    const on = has.has(l.name);
    const value = (on ? names.filter((n) => n !== l.name) : [...names, l.name]).join(', ');
    out.push({ id: `label:${l.name}`, group, label: `${on ? 'Remove' : 'Add'} label ${l.name}`, run: { kind: 'labels', value } });
  }
  return out;
}

/** Every command for this context, in the order the palette shows them before anything is typed. */
export function paletteCommands(ctx: PaletteContext): PaletteCommand[] {
  const base = `/p/${ctx.productKey}`;
  const out: PaletteCommand[] = [];
  if (ctx.item && ctx.canWrite) out.push(...itemCommands(ctx, ctx.item));
  if (ctx.canWrite) out.push({ id: 'create', group: 'Create', label: 'Create an item', run: { kind: 'goto', href: `${base}/items/new` } });
  for (const { path, name } of PRODUCT_SECTIONS) out.push({ id: `page:${path}`, group: 'Go to', label: `Go to ${name}`, run: { kind: 'goto', href: `${base}${path}` } });
  for (const p of ctx.products) {
    if (p.key !== ctx.productKey) out.push({ id: `product:${p.key}`, group: 'Switch product', label: `Switch to ${p.name} (${p.key})`, run: { kind: 'goto', href: `/p/${p.key}` } });
  }
  return out;
}

/**
 * Commands matching what was typed: every word must start a word of the label (or appear in it), so "st do"
 * finds "Set status: Done". Prefix matches rank first; the order is otherwise the palette's own.
 */
export function matchCommands(commands: PaletteCommand[], typed: string): PaletteCommand[] {
  const words = typed.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return commands;
  const scored: { c: PaletteCommand; score: number; i: number }[] = [];
  commands.forEach((c, i) => {
    const label = c.label.toLowerCase();
    const starts = label.split(/[\s:()]+/);
    let score = 0;
    for (const w of words) {
      if (starts.some((s) => s.startsWith(w))) score += 2;
      else if (label.includes(w)) score += 1;
      else return;
    }
    scored.push({ c, score, i });
  });
  return scored.sort((a, b) => b.score - a.score || a.i - b.i).map((s) => s.c);
}
