import { CommentBody } from '@baton/contracts';
import { checked } from '../args/values.ts';
import { defineCommand } from './command.ts';

export const comment = defineCommand({
  name: 'comment',
  args: ['<KEY>', '<TEXT...>'],
  summary: 'Add a comment to an item (Markdown; the words after the key are joined with spaces).',
  options: {},
  async run(s, [key, ...words]) {
    const body = checked(CommentBody, words.join(' '), 'TEXT', 'comment');
    const ref = await s.itemRef(key!);
    const added = await s.write((idempotencyKey) => s.api.items.comments.add.mutate({ ...ref, body, idempotencyKey }));
    s.out.result(added, () => `Commented on ${ref.ref}.`);
  },
});
