import type { ChecklistEntry, Item, ItemSummary } from '@baton/contracts';
import { PRIORITY_STYLE, STATUS_STYLE } from '../output/format.ts';
import { clean, oneLine, type Paint } from '../output/text.ts';
import { defineCommand } from './command.ts';

function render(item: Item, checklist: ChecklistEntry[], children: ItemSummary[], paint: Paint): string {
  const done = checklist.filter((e) => e.done).length;
  const facts = [
    item.type,
    paint(STATUS_STYLE[item.status], item.state?.name ?? item.status),
    paint(PRIORITY_STYLE[item.priority], item.priority),
    item.assignee ? `assigned to ${oneLine(item.assignee.name)}` : 'unassigned',
    ...(item.labels.length ? [`labels: ${item.labels.map((l) => oneLine(l.name)).join(', ')}`] : []),
  ];
  const lines = [`${paint('bold', item.key)}  ${paint('bold', oneLine(item.title))}`, facts.join(' · ')];
  if (item.parent) lines.push(`Parent: ${item.parent.key} ${oneLine(item.parent.title)}`);
  if (item.milestone) lines.push(`Milestone: ${oneLine(item.milestone.name)}`);
  if (item.sprint) lines.push(`Sprint: ${oneLine(item.sprint.name)}`);
  lines.push(`Created ${item.createdAt.toISOString()} · updated ${item.updatedAt.toISOString()} · version ${item.version}`);
  if (item.description.trim()) lines.push('', clean(item.description).trim());
  if (children.length) {
    lines.push('', `Sub-items (${item.progress.done}/${item.progress.total} done)`);
    for (const c of children) lines.push(`  ${c.key}  ${paint(STATUS_STYLE[c.status], c.status.padEnd(11))} ${oneLine(c.title)}`);
  }
  if (checklist.length) {
    lines.push('', `Checklist (${done}/${checklist.length})`);
    // numbered from 1 in list order: `baton check KEY 2` ticks the second
    checklist.forEach((e, n) => lines.push(`  ${String(n + 1).padStart(2)}. [${e.done ? 'x' : ' '}] ${oneLine(e.text)}`));
  }
  return lines.join('\n');
}

export const show = defineCommand({
  name: 'show',
  args: ['<KEY>'],
  summary: 'One item: its fields, parent, sprint, sub-items with progress, description and numbered checklist.',
  options: {},
  async run(s, [key]) {
    const ref = await s.itemRef(key!);
    const [item, checklist, children] = await Promise.all([
      s.api.items.get.query(ref),
      s.api.items.checklist.list.query(ref),
      s.api.items.children.query(ref),
    ]);
    s.out.result({ item, checklist, children }, () => render(item, checklist, children, s.out.paint));
  },
});
