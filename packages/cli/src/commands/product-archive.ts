import { CliFailure } from '../cli-error.ts';
import type { Product, Session } from '../session.ts';
import { defineCommand } from './command.ts';

/** The product of `product archive|unarchive [KEY]`: the argument (a key or id, archived ones included), else the current one. */
async function target(s: Session, ref: string | undefined): Promise<Product> {
  if (!ref) return s.product();
  const found = (await s.products()).find((p) => p.id === ref || p.key === ref.toUpperCase());
  if (!found) throw new CliFailure('NOT_FOUND', `product ${ref} is not one you can see`);
  return found;
}

export const productArchive = defineCommand({
  name: 'product archive',
  args: ['[KEY]'],
  summary: 'Archive a product (owners and admins): read-only and hidden from lists until unarchived; nothing is deleted.',
  options: {},
  async run(s, args) {
    const { id } = await target(s, args[0]);
    const product = await s.write((idempotencyKey) => s.api.products.archive.mutate({ productId: id, idempotencyKey }));
    s.out.result(product, () => `Archived ${product.key} (${product.name}). \`baton product unarchive ${product.key}\` undoes it.`);
  },
});

export const productUnarchive = defineCommand({
  name: 'product unarchive',
  args: ['[KEY]'],
  summary: 'Make an archived product writable and listed again (owners and admins).',
  options: {},
  async run(s, args) {
    const { id } = await target(s, args[0]);
    const product = await s.write((idempotencyKey) => s.api.products.unarchive.mutate({ productId: id, idempotencyKey }));
    s.out.result(product, () => `Unarchived ${product.key} (${product.name}).`);
  },
});
