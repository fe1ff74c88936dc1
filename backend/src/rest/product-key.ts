import type { Context } from '@baton/api';
import { ProductKey } from '@baton/contracts';
import { DomainError } from '@baton/core';
import { TRPCError } from '@trpc/server';
import { callProcedure } from './procedures.ts';

type ProductRow = { id: string; key: string };

/**
 * Scripts know their product by key (BAT), procedures by id. Ids are cuids (lower case), keys upper case, so a
 * value that looks like a key is looked up among the caller's products (products.list, the same procedure the
 * typed clients use); anything else passes through as an id.
 */
export async function productIdFor(ctx: Context, value: string): Promise<string> {
  if (!ProductKey.safeParse(value).success) return value;
  const products = (await callProcedure(ctx, 'products.list', undefined)) as ProductRow[];
  const matches = products.filter((p) => p.key === value);
  const fail = (code: 'NOT_FOUND' | 'BAD_INPUT', message: string) => {
    const cause = new DomainError(code, message);
    return new TRPCError({ code: code === 'NOT_FOUND' ? 'NOT_FOUND' : 'BAD_REQUEST', message, cause });
  };
  if (matches.length === 1) return matches[0]!.id;
  if (!matches.length) throw fail('NOT_FOUND', `Product ${value} not found`);
  throw fail('BAD_INPUT', `Product key ${value} names ${matches.length} products you can see; send the product id instead`);
}
