import { BoardInput, RoadmapInput, type Board, type PublicStatus, type RoadmapPage } from '@baton/contracts';
import type { z } from 'zod';
import type { Deps } from '../deps.ts';
import { findPublicBoard, toPublicItem, toPublicProduct, type PublicBoard } from './public-product.ts';
import { publicStatusOf } from './public-status.ts';
import { publicSnapshot, sortedSnapshot, statsOf, type SnapshotItem } from './roadmap-snapshot.ts';
import { votedNumbers } from './voter-token.ts';

/** The board's public items (shown types only), and those matching the visitor's search and type filter. */
async function visible(deps: Pick<Deps, 'db'>, board: PublicBoard, input: { q?: string; type?: string; sort: 'votes' | 'recent' }) {
  const snapshot = await publicSnapshot(deps, board.id);
  const shown = (i: SnapshotItem) => board.settings.types.includes(i.type);
  const all = snapshot.filter(shown);
  const q = input.q?.trim().toLowerCase();
  const sorted = sortedSnapshot(snapshot, input.sort).filter(
    (i) => shown(i) && (!input.type || i.type === input.type) && (!q || i.text.includes(q)),
  );
  return { all, sorted };
}

const toItem = (board: PublicBoard) => (i: SnapshotItem) => toPublicItem(board.key, i);

/** The list view: one status (or all), searched and sorted, a page at a time (the cursor is the last number). */
export async function roadmapList(deps: Pick<Deps, 'db' | 'clock'>, raw: z.input<typeof RoadmapInput>): Promise<RoadmapPage> {
  const input = RoadmapInput.parse(raw);
  const board = await findPublicBoard(deps, input.productKey);
  const { all, sorted: matching } = await visible(deps, board, input);
  const sorted = input.status ? matching.filter((i) => publicStatusOf(i) === input.status) : matching;
  let start = 0;
  if (input.cursor) {
    const at = sorted.findIndex((i) => String(i.number) === input.cursor);
    // a cursor outside this filtered set (changed meanwhile, or forged) ends the list rather than restarting it
    start = at < 0 ? sorted.length : at + 1;
  }
  const page = sorted.slice(start, start + input.limit);
  const items = page.map(toItem(board));
  const voted = await votedNumbers(
    deps,
    board,
    input.voterToken,
    items.map((i) => i.number),
  );
  const more = start + input.limit < sorted.length;
  return {
    product: toPublicProduct(board),
    stats: statsOf(all),
    items,
    nextCursor: more ? String(page[page.length - 1]!.number) : null,
    voted,
  };
}

const COLUMNS: PublicStatus[] = ['under_review', 'planned', 'in_progress', 'done'];

/** The board view: the top of each column (under review, planned, in progress, done) with each column's total. */
export async function roadmapBoard(deps: Pick<Deps, 'db' | 'clock'>, raw: z.input<typeof BoardInput>): Promise<Board> {
  const input = BoardInput.parse(raw);
  const board = await findPublicBoard(deps, input.productKey);
  const { all, sorted } = await visible(deps, board, input);
  const columns = COLUMNS.map((status) => {
    const inColumn = sorted.filter((i) => publicStatusOf(i) === status);
    return { status, total: inColumn.length, items: inColumn.slice(0, input.perColumn).map(toItem(board)) };
  });
  const voted = await votedNumbers(
    deps,
    board,
    input.voterToken,
    columns.flatMap((c) => c.items.map((i) => i.number)),
  );
  return { product: toPublicProduct(board), stats: statsOf(all), columns, voted };
}

/** Products with a public board on, for `/roadmap`. */
export async function listPublicBoards(deps: Pick<Deps, 'db'>): Promise<{ key: string; name: string }[]> {
  return deps.db.product.findMany({
    where: { publicSettings: { path: ['enabled'], equals: true }, archivedAt: null },
    select: { key: true, name: true },
    orderBy: { name: 'asc' },
    take: 100,
  });
}
