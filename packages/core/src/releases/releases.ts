import { CreateReleaseInput, ListReleasesInput, UpdateReleaseInput, type Release, type ReleasePage } from '@baton/contracts';
import type { z } from 'zod';
import { requireProductAccess, type ProductAccess } from '../access/product-access.ts';
import type { Permission } from '../access/roles.ts';
import { recordActivity, writeTransaction } from '../activity/record-activity.ts';
import type { Ctx, Tx } from '../deps.ts';
import { badField, notFound } from '../errors.ts';
import { publishInTransaction } from './publish-release.ts';
import { releaseSelect, releaseSummarySelect, toRelease, toReleaseSummary } from './release-select.ts';
import { afterCursor, pageOf } from '../pagination.ts';

/** Finds a release and checks the caller's access to its product; another tenant's release is NOT_FOUND. */
export async function requireRelease(
  ctx: Ctx,
  id: string,
  need: Permission,
): Promise<{ productId: string; publishedAt: Date | null; access: ProductAccess }> {
  const release = await ctx.db.release.findUnique({ where: { id }, select: { productId: true, publishedAt: true } });
  if (!release) throw notFound('Release');
  const access = await requireProductAccess(ctx, release.productId, need).catch((e: unknown) => {
    // a product the caller cannot see makes its releases unknown too, not "product not found"
    if (e instanceof Error && 'code' in e && e.code === 'NOT_FOUND') throw notFound('Release');
    throw e;
  });
  return { ...release, access };
}

export async function listReleases(ctx: Ctx, raw: z.input<typeof ListReleasesInput>): Promise<ReleasePage> {
  const input = ListReleasesInput.parse(raw);
  await requireProductAccess(ctx, input.productId, 'read');
  const where = { productId: input.productId };
  if (input.cursor && !(await ctx.db.release.findFirst({ where: { ...where, id: input.cursor }, select: { id: true } }))) {
    return { items: [], nextCursor: null };
  }
  // drafts (no publishedAt) first, then newest published; id breaks ties so pages never overlap
  const rows = await ctx.db.release.findMany({
    where,
    select: releaseSummarySelect,
    orderBy: [{ publishedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }, { id: 'desc' }],
    take: input.limit + 1,
    ...afterCursor(input.cursor),
  });
  const page = pageOf(rows, input.limit);
  return { items: page.rows.map(toReleaseSummary), nextCursor: page.nextCursor };
}

export async function getRelease(ctx: Ctx, input: { id: string }): Promise<Release> {
  await requireRelease(ctx, input.id, 'read');
  return toRelease(await ctx.db.release.findUniqueOrThrow({ where: { id: input.id }, select: releaseSelect }));
}

/** The items must be live items of the product; returns them deduplicated. */
async function checkItems(tx: Tx, productId: string, itemIds: string[]): Promise<string[]> {
  const unique = [...new Set(itemIds)];
  const found = await tx.item.findMany({ where: { id: { in: unique }, productId, deletedAt: null }, select: { id: true } });
  if (found.length !== unique.length) throw badField('itemIds', 'contains items that are not items of this product');
  return unique;
}

/**
 * Points exactly `itemIds` at the release: items taken out of it are detached. For a published release this is
 * the explicit edit of what it shipped, so its fixed list (ReleaseItem) is rewritten too, each item public or not
 * as it is now.
 */
async function setReleaseItems(tx: Tx, releaseId: string, productId: string, itemIds: string[]): Promise<void> {
  const ids = await checkItems(tx, productId, itemIds);
  await tx.item.updateMany({ where: { releaseId, id: { notIn: ids } }, data: { releaseId: null } });
  if (ids.length) await tx.item.updateMany({ where: { id: { in: ids } }, data: { releaseId } });
  const release = await tx.release.findUniqueOrThrow({ where: { id: releaseId }, select: { publishedAt: true } });
  if (release.publishedAt) {
    await tx.releaseItem.deleteMany({ where: { releaseId } });
    await snapshotReleaseItems(tx, releaseId, ids);
  }
}

/**
 * Fixes what a release shipped: these items, each marked public only if it is public and decided now (never an
 * idea in triage). The changelog lists only those, so a later release pointing the items elsewhere changes nothing.
 */
export async function snapshotReleaseItems(tx: Tx, releaseId: string, itemIds: string[]): Promise<void> {
  if (!itemIds.length) return;
  const rows = await tx.item.findMany({ where: { id: { in: itemIds }, deletedAt: null }, select: { id: true, visibility: true, status: true } });
  await tx.releaseItem.createMany({
    data: rows.map((i) => ({ releaseId, itemId: i.id, isPublic: i.visibility === 'public' && i.status !== 'triage' })),
    skipDuplicates: true,
  });
}

/**
 * A release (managers and up, admin keys): a draft published later with publishRelease, or with `publish`
 * published in the transaction that creates it, so a refused publish leaves no stray draft behind.
 */
export async function createRelease(ctx: Ctx, raw: z.input<typeof CreateReleaseInput>): Promise<Release> {
  const input = CreateReleaseInput.parse(raw);
  const { product } = await requireProductAccess(ctx, input.productId, 'configure');
  const id = await writeTransaction(ctx, async (tx, emit) => {
    const release = await tx.release.create({
      data: { productId: input.productId, name: input.name, notes: input.notes, isPublic: input.isPublic },
      select: { id: true },
    });
    await setReleaseItems(tx, release.id, input.productId, input.itemIds);
    emit(
      await recordActivity(ctx, tx, [
        { productId: input.productId, itemId: null, action: 'release_created', after: { id: release.id, name: input.name } },
      ]),
    );
    if (input.publish) await publishInTransaction(ctx, tx, emit, { id: release.id, productId: input.productId, product });
    return release.id;
  });
  return toRelease(await ctx.db.release.findUniqueOrThrow({ where: { id }, select: releaseSelect }));
}

export async function updateRelease(ctx: Ctx, raw: z.input<typeof UpdateReleaseInput>): Promise<Release> {
  const { id, itemIds, ...patch } = UpdateReleaseInput.parse(raw);
  const { productId } = await requireRelease(ctx, id, 'configure');
  await writeTransaction(ctx, async (tx, emit) => {
    await tx.release.update({ where: { id }, data: patch, select: { id: true } });
    if (itemIds) await setReleaseItems(tx, id, productId, itemIds);
    emit(
      await recordActivity(ctx, tx, [
        { productId, itemId: null, action: 'release_updated', after: { id, ...patch, ...(itemIds && { itemIds }) } },
      ]),
    );
  });
  return toRelease(await ctx.db.release.findUniqueOrThrow({ where: { id }, select: releaseSelect }));
}
