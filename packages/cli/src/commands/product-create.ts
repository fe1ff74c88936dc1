import { ProductKeyInput, ProductName, suggestProductKey } from '@baton/contracts';
import { CliFailure, UsageError } from '../cli-error.ts';
import { checked, str } from '../args/values.ts';
import type { OptionValues } from '../args/spec.ts';
import type { Session } from '../session.ts';
import { defineCommand } from './command.ts';

export const productCreate = defineCommand({
  name: 'product create',
  args: ['<NAME...>'],
  summary: 'Add a product to an organization (owners and admins).',
  options: {
    key: { type: 'string', value: 'KEY', help: 'the product key, e.g. WEB (default: suggested from the name)' },
    org: { type: 'string', value: 'ORG', help: "organization id or name (default: the current product's, or your only one)" },
  },
  async run(s, args, values) {
    const name = checked(ProductName, args.join(' '), 'NAME', 'product create');
    const key = productKeyOf(values, name, 'product create');
    const organizationId = await organizationOf(s, str(values, 'org'));
    const product = await s.write((idempotencyKey) => s.api.products.create.mutate({ organizationId, name, key, idempotencyKey }));
    s.out.result(product, () => `Created ${product.key} (${product.name}).`);
  },
});

/** --key, else the key suggested from the product name (`Acme` -> `ACME`), checked as the server will. */
export function productKeyOf(values: OptionValues, productName: string, command: string): string {
  const rawKey = str(values, 'key') ?? suggestProductKey(productName);
  if (!rawKey) throw new UsageError(`no key can be suggested from "${productName}": pass --key`, command);
  return checked(ProductKeyInput, rawKey, '--key', command);
}

/** The organization named by --org (id or name), else the configured product's, else the caller's only one. */
async function organizationOf(s: Session, wanted: string | undefined): Promise<string> {
  const me = await s.api.auth.me.query();
  const orgs = me.memberships.map((m) => ({ id: m.organizationId, name: m.organizationName }));
  if (wanted) {
    const found = orgs.filter((o) => o.id === wanted || o.name.toLowerCase() === wanted.toLowerCase());
    if (found.length === 1) return found[0]!.id;
    if (found.length > 1) throw new UsageError(`several organizations are called "${wanted}": pass its id (${found.map((o) => o.id).join(', ')})`, 'product create');
    throw new CliFailure('NOT_FOUND', `organization ${wanted} is not one of yours (${orgs.map((o) => o.name).join(', ') || 'none'})`);
  }
  if (s.config.product) return (await s.product()).organizationId;
  if (orgs.length === 1) return orgs[0]!.id;
  if (!orgs.length) throw new CliFailure('NOT_FOUND', 'you are in no organization: start one with `baton org create NAME`');
  throw new UsageError(`several organizations (${orgs.map((o) => o.name).join(', ')}): pass --org`, 'product create');
}
