import { changingAccess } from '../access/access-cache.ts';
import { CreateOrganizationInput, slugify, type CreateOrganizationResult } from '@baton/contracts';
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { Ctx, Tx } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { insertProduct } from '../products/create-product.ts';

/** How many organizations one person may create per rolling day: enough for real use, not for filling the server. */
export const ORGANIZATIONS_PER_DAY = 5;
const DAY_MS = 86_400_000;

/**
 * Creates an organization with its first product; the caller (a signed-in person, not an API key) becomes its
 * owner. One transaction: an organization is never left without its owner or its product. `slug` is for the demo
 * seed, which finds its organization again by it; otherwise the slug comes from the name.
 */
export async function createOrganization(ctx: Ctx, raw: z.input<typeof CreateOrganizationInput>, opts: { slug?: string } = {}): Promise<CreateOrganizationResult> {
  const input = CreateOrganizationInput.parse(raw);
  const p = ctx.principal;
  if (p.kind !== 'user') throw new DomainError('FORBIDDEN', 'Only signed-in people can create organizations, not API keys');
  // a new membership and product: cached key lookups (resolve-product.ts) may now have more matches
  return changingAccess(ctx, ctx.db.$transaction(async (tx) => {
    await checkDailyLimit(ctx, tx, p.userId);
    const organization = await tx.organization.create({
      data: { name: input.name, slug: opts.slug ?? (await freeSlug(tx, input.name)) },
      select: { id: true, name: true, slug: true },
    });
    await tx.membership.create({ data: { userId: p.userId, organizationId: organization.id, role: 'owner', createdAt: ctx.clock() } });
    const product = await insertProduct(tx, { organizationId: organization.id, ...input.product });
    return { organization, product };
  }, { timeout: 15_000, maxWait: 15_000 }));
}

/** RATE_LIMITED past ORGANIZATIONS_PER_DAY. The user's row is locked first, so parallel requests count one by one. */
async function checkDailyLimit(ctx: Ctx, tx: Tx, userId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM "User" WHERE "id" = ${userId} FOR NO KEY UPDATE`;
  const since = new Date(ctx.clock().getTime() - DAY_MS);
  const recent = await tx.membership.findMany({
    where: { userId, role: 'owner', createdAt: { gt: since } },
    select: { createdAt: true },
    orderBy: { createdAt: 'asc' },
  });
  if (recent.length < ORGANIZATIONS_PER_DAY) return;
  const retryAfterSeconds = Math.max(1, Math.ceil((recent[0]!.createdAt.getTime() + DAY_MS - ctx.clock().getTime()) / 1000));
  throw new DomainError('RATE_LIMITED', `You created ${recent.length} organizations in the last 24 hours; try again later`, { retryAfterSeconds });
}

/** The name as a slug (`acme-inc`), with a random tail when another organization has it. */
async function freeSlug(tx: Tx, name: string): Promise<string> {
  const base = slugify(name).slice(0, 40).replace(/-+$/, '') || 'org';
  if (!(await tx.organization.findUnique({ where: { slug: base }, select: { id: true } }))) return base;
  return `${base}-${randomBytes(3).toString('hex')}`;
}
