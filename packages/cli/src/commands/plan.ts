import type { UpdateItemInput } from '@baton/contracts';
import { readItemKey } from '@baton/contracts/item-key';
import { CliFailure, UsageError } from '../cli-error.ts';
import { str } from '../args/values.ts';
import { oneLine } from '../output/text.ts';
import { defineCommand } from './command.ts';
import type { Session } from '../session.ts';

type Plan = { id: string; name: string };

/** A milestone or sprint named as typed (any case), or by id; `none` clears it. */
function pickPlan(plans: Plan[], wanted: string, what: string): string | null {
  if (wanted.toLowerCase() === 'none') return null;
  const lower = wanted.trim().toLowerCase();
  const found = plans.filter((p) => p.id === wanted || p.name.trim().toLowerCase() === lower);
  if (found.length === 1) return found[0]!.id;
  if (found.length > 1) throw new UsageError(`${found.length} ${what}s are named "${wanted}"; give its id`, 'plan');
  const known = plans.map((p) => oneLine(p.name)).join(', ') || 'none';
  throw new CliFailure('NOT_FOUND', `no open ${what} "${wanted}" (open ones: ${known})`);
}

/** The id of the item a --parent names, or null for `none` (the server refuses cycles and other products' items). */
async function parentId(s: Session, productId: string, wanted: string): Promise<string | null> {
  if (wanted.toLowerCase() === 'none') return null;
  const item = await s.api.items.get.query({ productId, ref: readItemKey(wanted) ?? wanted });
  return item.id;
}

export const plan = defineCommand({
  name: 'plan',
  args: ['<KEY>'],
  summary: "Set or clear an item's parent, milestone or sprint (`none` clears one).",
  options: {
    parent: { type: 'string', value: 'KEY|none', help: 'the parent item (BAT-5)' },
    milestone: { type: 'string', value: 'NAME|none', help: 'an open milestone, by name or id' },
    sprint: { type: 'string', value: 'NAME|none', help: 'an open sprint, by name or id' },
  },
  async run(s, [key], values) {
    const [parent, milestone, sprint] = [str(values, 'parent'), str(values, 'milestone'), str(values, 'sprint')];
    if (parent === undefined && milestone === undefined && sprint === undefined) throw new UsageError('plan needs --parent, --milestone or --sprint', 'plan');
    const ref = await s.itemRef(key!);
    const patch: UpdateItemInput['patch'] = {};
    if (parent !== undefined) patch.parentId = await parentId(s, ref.productId, parent);
    if (milestone !== undefined) {
      const open = await s.api.milestones.list.query({ productId: ref.productId, state: 'open', limit: 100 });
      patch.milestoneId = pickPlan(open.items, milestone, 'milestone');
    }
    if (sprint !== undefined) {
      const open = await s.api.sprints.list.query({ productId: ref.productId, state: 'open', limit: 100 });
      patch.sprintId = pickPlan(open.items, sprint, 'sprint');
    }
    const current = await s.api.items.get.query(ref);
    // base: the fields as read, so a change someone made meanwhile to other fields does not refuse this one
    const base = Object.fromEntries(Object.keys(patch).map((k) => [k, k === 'parentId' ? (current.parent?.id ?? null) : k === 'milestoneId' ? (current.milestone?.id ?? null) : current.sprintId]));
    const item = await s.write((idempotencyKey) => s.api.items.update.mutate({ ...ref, expectedVersion: current.version, patch, base, idempotencyKey }));
    const said = [
      parent !== undefined && (item.parent ? `parent ${item.parent.key}` : 'no parent'),
      milestone !== undefined && (item.milestone ? `milestone ${oneLine(item.milestone.name)}` : 'no milestone'),
      sprint !== undefined && (item.sprint ? `sprint ${oneLine(item.sprint.name)}` : 'no sprint'),
    ].filter(Boolean);
    s.out.result(item, () => `${item.key}: ${said.join(', ')}.`);
  },
});
