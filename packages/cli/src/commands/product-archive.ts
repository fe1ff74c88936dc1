import type { Product } from '../session.ts';
import { defineCommand, type Command } from './command.ts';

/**
 * `product archive|unarchive [KEY]`: the product named (a key or id, archived ones included, resolved by the
 * server), else the current one.
 */
function archiveCommand(verb: 'archive' | 'unarchive', summary: string, done: (p: Product) => string): Command {
  return defineCommand({
    name: `product ${verb}`,
    args: ['[KEY]'],
    summary,
    options: {},
    async run(s, [ref]) {
      const { id } = await (ref ? s.productNamed(ref) : s.product());
      const product = await s.write((idempotencyKey) => s.api.products[verb].mutate({ productId: id, idempotencyKey }));
      s.out.result(product, () => done(product));
    },
  });
}

export const productArchive = archiveCommand(
  'archive',
  'Archive a product (owners and admins): read-only and hidden from lists until unarchived; nothing is deleted.',
  (p) => `Archived ${p.key} (${p.name}). \`baton product unarchive ${p.key}\` undoes it.`,
);

export const productUnarchive = archiveCommand(
  'unarchive',
  'Make an archived product writable and listed again (owners and admins).',
  (p) => `Unarchived ${p.key} (${p.name}).`,
);
