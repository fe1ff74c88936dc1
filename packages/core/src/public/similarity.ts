import type { ItemStatus, ItemType, PublicStatus, Visibility } from '@baton/contracts';
import type { Deps } from '../deps.ts';
import { itemsSignature } from './items-signature.ts';

/**
 * "Is this already on the board?": TF-IDF vectors over each item's title (counted twice) and description,
 * compared by cosine similarity. Computed in process per product, cached, and rebuilt when the product's items
 * change (items-signature.ts), so no write path has to remember to invalidate it.
 */
type Doc = {
  id: string;
  number: number;
  title: string;
  status: ItemStatus;
  publicStatus: PublicStatus | null;
  type: ItemType;
  visibility: Visibility;
  voteCount: number;
  source: string;
};
type Index = { docs: Doc[]; postings: Map<string, { doc: number; w: number }[]>; idf: Map<string, number> };

const STOP = new Set(
  'a an and are as at be but by can could do does for from has have how i if in into is it its me my no not of on or our please should so some than that the their them then there these they this to too us was we were what when where which while who why will with would you your'.split(
    ' ',
  ),
);

/** Lower-case words without stop words, lightly stemmed so "exports", "exported" and "export" meet. */
export function tokenize(text: string): string[] {
  const words =
    text
      .toLowerCase()
      .normalize('NFKD')
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  return words
    .filter((w) => w.length > 1 && !STOP.has(w))
    .map((w) => (w.length > 5 ? w.replace(/(ing|ed|es|s)$/, '') : w.length > 3 ? w.replace(/s$/, '') : w));
}

function termWeights(tokens: string[], idf: Map<string, number>): Map<string, number> {
  const tf = new Map<string, number>();
  for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
  const v = new Map<string, number>();
  let norm = 0;
  for (const [t, n] of tf) {
    const w = (1 + Math.log(n)) * (idf.get(t) ?? 0);
    if (w > 0) {
      v.set(t, w);
      norm += w * w;
    }
  }
  norm = Math.sqrt(norm) || 1;
  for (const [t, w] of v) v.set(t, w / norm);
  return v;
}

const docText = (title: string, description: string) => `${title} ${title} ${description.slice(0, 4000)}`;

export function buildIndex(rows: (Doc & { description: string })[]): Index {
  const tokens = rows.map((r) => tokenize(docText(r.title, r.description)));
  const df = new Map<string, number>();
  for (const ts of tokens) for (const t of new Set(ts)) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = new Map<string, number>();
  for (const [t, n] of df) idf.set(t, Math.log((rows.length + 1) / (n + 1)) + 1);
  const postings = new Map<string, { doc: number; w: number }[]>();
  tokens.forEach((ts, doc) => {
    for (const [t, w] of termWeights(ts, idf)) {
      const list = postings.get(t) ?? [];
      list.push({ doc, w });
      postings.set(t, list);
    }
  });
  const docs = rows.map(({ description: _d, ...doc }) => doc);
  return { docs, postings, idf };
}

/** Best matches for `text` among docs that pass `keep`, with cosine scores in 0..1. */
export function querySimilar(
  index: Index,
  text: string,
  keep: (d: Doc) => boolean,
  limit = 5,
  minScore = 0.12,
): { doc: Doc; score: number }[] {
  const q = termWeights(tokenize(text), index.idf);
  const scores = new Map<number, number>();
  for (const [t, qw] of q) for (const p of index.postings.get(t) ?? []) scores.set(p.doc, (scores.get(p.doc) ?? 0) + qw * p.w);
  return [...scores]
    .map(([doc, score]) => ({ doc: index.docs[doc]!, score: Math.round(score * 1000) / 1000 }))
    .filter((r) => r.score >= minScore && keep(r.doc))
    .sort((a, b) => b.score - a.score || b.doc.voteCount - a.doc.voteCount)
    .slice(0, limit);
}

const cache = new Map<string, { signature: string; index: Index }>();
const MAX_CACHED = 50;

/** The product's index, rebuilt only when its items changed since the cached one was built. */
export async function similarityIndex(deps: Pick<Deps, 'db'>, productId: string): Promise<Index> {
  const signature = await itemsSignature(deps, productId);
  const hit = cache.get(productId);
  if (hit?.signature === signature) return hit.index;
  const rows = await deps.db.item.findMany({
    where: { productId, deletedAt: null },
    select: {
      id: true,
      number: true,
      title: true,
      description: true,
      status: true,
      publicStatus: true,
      type: true,
      visibility: true,
      voteCount: true,
      source: true,
    },
  });
  const index = buildIndex(rows);
  cache.delete(productId);
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(productId, { signature, index });
  return index;
}
