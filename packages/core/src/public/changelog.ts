import { ChangelogInput, formatItemKey, type Changelog } from '@baton/contracts';
import type { z } from 'zod';
import type { Deps } from '../deps.ts';
import { findPublicBoard, publicItemWhere, toPublicProduct } from './public-product.ts';

/**
 * Published public releases, newest first, with the items they shipped that were public when published and are
 * public still (the fixed list, ReleaseItem): an internal item never appears, whatever the release holds.
 */
export async function changelog(deps: Pick<Deps, 'db'>, raw: z.input<typeof ChangelogInput>): Promise<Changelog> {
  const input = ChangelogInput.parse(raw);
  const board = await findPublicBoard(deps, input.productKey);
  const where = { productId: board.id, isPublic: true, publishedAt: { not: null } };
  const cursorOk = input.cursor ? await deps.db.release.findFirst({ where: { ...where, id: input.cursor }, select: { id: true } }) : null;
  if (input.cursor && !cursorOk) return { product: toPublicProduct(board), releases: [], nextCursor: null };
  const rows = await deps.db.release.findMany({
    where,
    orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
    take: input.limit + 1,
    ...(cursorOk && { cursor: { id: cursorOk.id }, skip: 1 }),
    select: {
      id: true,
      name: true,
      notes: true,
      publishedAt: true,
      shipped: {
        where: { isPublic: true, item: publicItemWhere(board) },
        orderBy: { item: { number: 'asc' } },
        take: 200,
        select: { item: { select: { number: true, title: true, type: true } } },
      },
    },
  });
  const more = rows.length > input.limit;
  const releases = rows.slice(0, input.limit).map((r) => ({
    id: r.id,
    name: r.name,
    notes: r.notes,
    publishedAt: r.publishedAt!,
    items: r.shipped.map(({ item: i }) => ({ key: formatItemKey(board.key, i.number), number: i.number, title: i.title, type: i.type, isPublic: true })),
  }));
  return { product: toPublicProduct(board), releases, nextCursor: more ? releases[releases.length - 1]!.id : null };
}
