import { ItemPriority, ItemType } from '@baton/contracts';
import { UsageError } from '../cli-error.ts';
import { checked, list, str } from '../args/values.ts';
import { defineCommand } from './command.ts';

export const create = defineCommand({
  name: 'create',
  args: [],
  summary: 'Create an item; --auto-detected files it as found by a tool or agent (agent.report).',
  options: {
    type: { type: 'string', value: 'TYPE', help: 'bug, feature or task (required)' },
    title: { type: 'string', value: 'TEXT', help: 'the title (required)' },
    description: { type: 'string', value: 'MARKDOWN', help: 'the description' },
    priority: { type: 'string', value: 'PRIORITY', help: 'critical, high, medium (default), low' },
    label: { type: 'string', multiple: true, value: 'LABEL', help: 'a label (repeat or comma-separate)' },
    'auto-detected': { type: 'boolean', help: 'found by CI, a linter or an agent rather than a person' },
  },
  async run(s, _args, values) {
    const type = str(values, 'type');
    const title = str(values, 'title');
    if (!type || !title) throw new UsageError('create needs --type and --title', 'create');
    const input = {
      productId: (await s.product()).id,
      type: checked(ItemType, type, '--type', 'create'),
      title,
      description: str(values, 'description'),
      priority: values.priority === undefined ? undefined : checked(ItemPriority, values.priority, '--priority', 'create'),
      labels: list(values, 'label'),
    };
    const item = await s.write((idempotencyKey) =>
      values['auto-detected']
        ? s.api.agent.report.mutate({ ...input, idempotencyKey })
        : s.api.items.create.mutate({ ...input, idempotencyKey }),
    );
    s.out.result(item, () => `Created ${item.key}.`);
  },
});
