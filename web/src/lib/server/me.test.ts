import type { Me } from '@baton/contracts';
import { describe, expect, it } from 'vitest';
import { renamedProductPath } from './me';

const product = (key: string, formerKeys: string[]) => ({ id: `id-${key}`, key, name: key, formerKeys });
const me = (...products: ReturnType<typeof product>[]) =>
  ({ memberships: [{ organizationId: 'org', organizationName: 'Org', role: 'developer', products }] }) as unknown as Me;

describe('renamed product paths', () => {
  it("rewrites the product and its item keys, and nothing that only looks like one", () => {
    const url = new URL('https://baton.test/p/OLD/items/OLD-4?tab=activity');
    expect(renamedProductPath(me(product('NEW', ['OLD'])), 'OLD', url)).toBe('/p/NEW/items/NEW-4?tab=activity');
    // another product's key, a malformed key and a partial match stay as they are
    const other = new URL('https://baton.test/p/OLD/items/OTHER-4/OLD-0/XOLD-4');
    expect(renamedProductPath(me(product('NEW', ['OLD'])), 'OLD', other)).toBe('/p/NEW/items/OTHER-4/OLD-0/XOLD-4');
  });

  it('never redirects a key a product uses now', () => {
    expect(renamedProductPath(me(product('NEW', ['OLD']), product('OLD', [])), 'OLD', new URL('https://baton.test/p/OLD'))).toBeNull();
  });
});
