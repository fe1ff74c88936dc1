import { ContextInput } from '@baton/contracts';
import { checked, int, str } from '../args/values.ts';
import { clean } from '../output/text.ts';
import { defineCommand } from './command.ts';

export const contextPack = defineCommand({
  name: 'context',
  args: ['<KEY>'],
  summary: 'The item as Markdown for a coding agent: description, checklist, links, comments, within a budget.',
  options: { budget: { type: 'string', value: 'CHARS', help: 'at most this many characters (200-200000, default 8000)' } },
  async run(s, [key], values) {
    const ref = await s.itemRef(key!);
    const raw = str(values, 'budget');
    const pack = await s.api.agent.context.query({
      ...ref,
      budget: raw === undefined ? undefined : checked(ContextInput.shape.budget, int(raw, '--budget', 'context'), '--budget', 'context'),
    });
    s.out.result(pack, () => {
      if (pack.omitted.length) s.out.note(`Left out to fit ${raw ?? 'the budget'}: ${pack.omitted.join(', ')}`);
      return clean(pack.markdown);
    });
  },
});
