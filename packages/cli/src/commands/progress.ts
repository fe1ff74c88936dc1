import { ProgressInput } from '@baton/contracts';
import { checked, int, str } from '../args/values.ts';
import { defineCommand } from './command.ts';
import { usageFrom, usageOptions } from './usage-options.ts';

export const progress = defineCommand({
  name: 'progress',
  args: ['<KEY>', '<PERCENT>', '<STAGE...>'],
  summary: 'Report how far the work on an item is, with the run usage so far (kept on your attempt and in its history).',
  options: {
    message: { type: 'string', value: 'TEXT', help: 'a sentence for people reading the attempt, e.g. "3 of 5 tests pass"' },
    ...usageOptions,
  },
  async run(s, [key, percent, ...words], values) {
    const ref = await s.itemRef(key!);
    const usage = usageFrom(values, 'progress');
    const message = str(values, 'message');
    const lease = await s.lease(key!);
    const input = {
      ...ref,
      percent: checked(ProgressInput.shape.percent, int(percent!, 'PERCENT', 'progress'), 'PERCENT', 'progress'),
      stage: checked(ProgressInput.shape.stage, words.join(' '), 'STAGE', 'progress'),
      ...(message !== undefined && { message: checked(ProgressInput.shape.message, message, '--message', 'progress') }),
      ...(usage && { usage }),
      ...(lease && { fencingToken: lease.fencingToken }),
    };
    const saved = await s.write((idempotencyKey) => s.api.agent.progress.mutate({ ...input, idempotencyKey }));
    s.out.result(saved, () => `Progress on ${ref.ref}: ${saved.percent}% (${saved.stage}).`);
  },
});
