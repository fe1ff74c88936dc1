import { PublicItemInput, type PublicItemDetail } from '@baton/contracts';
import type { z } from 'zod';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { findPublicBoard, itemNumberOf, publicItemSelect, publicItemWhere, toPublicItem } from './public-product.ts';
import { votedNumbers } from './voter-token.ts';

/** One public item's page: only public fields; a private, deleted or missing item is NOT_FOUND alike. */
export async function publicItem(
  deps: Pick<Deps, 'db' | 'clock'>,
  raw: z.input<typeof PublicItemInput>,
): Promise<PublicItemDetail & { productName: string }> {
  const input = PublicItemInput.parse(raw);
  const board = await findPublicBoard(deps, input.productKey);
  const number = itemNumberOf(board, input.ref);
  const row = number
    ? await deps.db.item.findFirst({
        where: { ...publicItemWhere(board), number },
        select: {
          ...publicItemSelect,
          description: true,
          release: { select: { name: true, publishedAt: true, isPublic: true } },
          // comments only when the board shows them
          comments: {
            where: { deletedAt: null },
            orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
            take: board.settings.publicComments ? 100 : 0,
            select: {
              id: true,
              body: true,
              createdAt: true,
              authorUser: { select: { name: true } },
              authorAgent: { select: { name: true } },
            },
          },
        },
      })
    : null;
  if (!row) throw notFound('Item');
  const release =
    row.release?.isPublic && row.release.publishedAt ? { name: row.release.name, publishedAt: row.release.publishedAt } : null;
  const comments = row.comments.map((c) => ({
    id: c.id,
    body: c.body,
    createdAt: c.createdAt,
    author: c.authorUser?.name ?? c.authorAgent?.name ?? 'Team',
  }));
  const voted = (await votedNumbers(deps, board, input.voterToken, [row.number])).length > 0;
  return { ...toPublicItem(board.key, row), description: row.description, release, comments, voted, productName: board.name };
}
