import { OrganizationName, ProductName } from '@baton/contracts';
import { checked, str } from '../args/values.ts';
import { defineCommand } from './command.ts';
import { productKeyOf } from './product-create.ts';

export const orgCreate = defineCommand({
  name: 'org create',
  args: ['<NAME...>'],
  summary: 'Start an organization with its first product; you own it (people only, not API keys).',
  options: {
    'product-name': { type: 'string', value: 'NAME', help: 'the first product (default: the organization name)' },
    key: { type: 'string', value: 'KEY', help: 'the product key, e.g. ACME (default: suggested from the product name)' },
  },
  async run(s, args, values) {
    const name = checked(OrganizationName, args.join(' '), 'NAME', 'org create');
    const productName = checked(ProductName, str(values, 'product-name') ?? name, '--product-name', 'org create');
    const key = productKeyOf(values, productName, 'org create');
    const created = await s.write((idempotencyKey) => s.api.organizations.create.mutate({ name, product: { name: productName, key }, idempotencyKey }));
    s.out.result(created, () => `Created ${created.organization.name} with product ${created.product.key} (${created.product.name}). You own it.`);
  },
});
