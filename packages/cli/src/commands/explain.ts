import { defineCommand } from './command.ts';

export const explain = defineCommand({
  name: 'explain',
  args: ['<KEY>'],
  summary: 'Why an item is or is not in your ready queue: each condition that fails (claimed, blocked by, assigned to...).',
  options: {
    'include-assigned': { type: 'boolean', help: 'count items assigned to someone else as takeable, as `ready --include-assigned` does' },
  },
  async run(s, [key], values) {
    const ref = await s.itemRef(key!);
    const why = await s.api.queue.explain.query({ ...ref, ...(values['include-assigned'] === true && { includeAssigned: true }) });
    s.out.result(why, () => `${ref.ref} is ${why.ready ? 'ready' : 'not ready'}:\n${why.reasons.map((r) => `  - ${r}`).join('\n')}`);
  },
});
