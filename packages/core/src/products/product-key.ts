import { ProductKey, type KeyAvailability } from '@baton/contracts';
import type { Deps, Tx } from '../deps.ts';
import { DomainError } from '../errors.ts';

/**
 * Product keys are unique across the server, not only within an organization: the public roadmap, the changelog
 * and badges name a product by its key alone (/roadmap/ACME), so a second ACME in another organization would be
 * unreachable there. Products that already share a key across organizations keep it (the database only enforces
 * uniqueness per organization); no new duplicate is made.
 *
 * Call inside the transaction that writes the key: it takes a transaction-scoped advisory lock on the key, so two
 * requests racing for one key (in any organizations) run one after the other and the second sees the first.
 */
export async function assertKeyFree(tx: Tx, key: string, opts: { organizationId: string; exceptProductId?: string }): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`product-key:${key}`}))::text`;
  const taken = await tx.product.findMany({
    where: { key, ...(opts.exceptProductId && { id: { not: opts.exceptProductId } }) },
    select: { name: true, organizationId: true },
    take: 5,
  });
  if (!taken.length) return;
  // a product of the caller's own organization is named; another organization's is not the caller's to see
  throw keyTaken(key, taken.find((p) => p.organizationId === opts.organizationId)?.name ?? null);
}

/** The CONFLICT for a taken key, shaped like a zod issue on `key` so forms show it beside the field. */
export function keyTaken(key: string, by: string | null) {
  const message = by ? `is already used by ${by}` : 'is already taken on this server';
  return new DomainError('CONFLICT', `The key ${key} ${message}`, { issues: [{ path: ['key'], message }] });
}

/** Whether a key could be taken now (the form checks while the key is typed; creating checks again, atomically). */
export async function checkProductKey(deps: Pick<Deps, 'db'>, raw: string): Promise<KeyAvailability> {
  const key = raw.trim().toUpperCase();
  const format = ProductKey.safeParse(key);
  if (!format.success) return { key, available: false, reason: format.error.issues[0]!.message };
  const taken = await deps.db.product.count({ where: { key } });
  return { key, available: taken === 0, reason: taken ? 'is already taken on this server' : null };
}
