import { formatItemKey, SimilarInput, type SimilarItem } from '@baton/contracts';
import type { z } from 'zod';
import type { Deps } from '../deps.ts';
import { findPublicBoard } from './public-product.ts';
import { publicStatusOf } from './public-status.ts';
import { querySimilar, similarityIndex } from './similarity.ts';

/** While a visitor types an idea: the public items most like it, so they can vote instead. */
export async function similarPublicItems(deps: Pick<Deps, 'db'>, raw: z.input<typeof SimilarInput>): Promise<SimilarItem[]> {
  const input = SimilarInput.parse(raw);
  const board = await findPublicBoard(deps, input.productKey);
  if (input.text.trim().length < 3) return [];
  const index = await similarityIndex(deps, board.id);
  return querySimilar(index, input.text, (d) => d.visibility === 'public' && d.status !== 'triage' && board.settings.types.includes(d.type)).map(
    ({ doc, score }) => ({
      key: formatItemKey(board.key, doc.number),
      number: doc.number,
      title: doc.title,
      status: publicStatusOf(doc),
      voteCount: doc.voteCount,
      score,
    }),
  );
}
