import { BoardInput, RoadmapInput, type Board, type PublicStatus, type RoadmapPage, type RoadmapStats } from '@baton/contracts';
import type { Prisma } from '@baton/db';
import type { z } from 'zod';
import type { Deps } from '../deps.ts';
import { findPublicBoard, publicItemSelect, publicItemWhere, statusesOf, toPublicItem, toPublicProduct, toPublicStatus, type PublicBoard } from './public-product.ts';
import { votedNumbers } from './voter-token.ts';

const ORDER: Record<'votes' | 'recent', Prisma.ItemOrderByWithRelationInput[]> = {
  votes: [{ voteCount: 'desc' }, { createdAt: 'desc' }, { id: 'desc' }],
  recent: [{ createdAt: 'desc' }, { id: 'desc' }],
};

function filtered(board: PublicBoard, input: { q?: string; type?: string }): Prisma.ItemWhereInput {
  const where: Prisma.ItemWhereInput = publicItemWhere(board);
  const q = input.q?.trim();
  return {
    ...where,
    ...(input.type && board.settings.types.includes(input.type as never) && { type: input.type as never }),
    ...(q && { OR: [{ title: { contains: q, mode: 'insensitive' } }, { description: { contains: q, mode: 'insensitive' } }] }),
  };
}

/** Totals for the stats bar, over every public item (filters do not change them). */
async function statsOf(deps: Pick<Deps, 'db'>, board: PublicBoard): Promise<RoadmapStats> {
  const groups = await deps.db.item.groupBy({ by: ['status'], where: publicItemWhere(board), _count: { _all: true }, _sum: { voteCount: true } });
  const stats = { total: 0, votes: 0, inProgress: 0, completed: 0 };
  for (const g of groups) {
    stats.total += g._count._all;
    stats.votes += g._sum.voteCount ?? 0;
    if (g.status === 'in_progress') stats.inProgress += g._count._all;
    if (g.status === 'done') stats.completed += g._count._all;
  }
  return stats;
}

/** The list view: one status (or all), searched and sorted, a page at a time. */
export async function roadmapList(deps: Pick<Deps, 'db' | 'clock'>, raw: z.input<typeof RoadmapInput>): Promise<RoadmapPage> {
  const input = RoadmapInput.parse(raw);
  const board = await findPublicBoard(deps, input.productKey);
  const where: Prisma.ItemWhereInput = { ...filtered(board, input), ...(input.status && { status: { in: statusesOf(input.status) } }) };
  const cursorOk = input.cursor ? await deps.db.item.findFirst({ where: { ...where, number: Number(input.cursor) || -1 }, select: { id: true } }) : null;
  if (input.cursor && !cursorOk) return { product: toPublicProduct(board), stats: await statsOf(deps, board), items: [], nextCursor: null, voted: [] };
  const [rows, stats] = await Promise.all([
    deps.db.item.findMany({
      where,
      select: publicItemSelect,
      orderBy: ORDER[input.sort],
      take: input.limit + 1,
      ...(cursorOk && { cursor: { id: cursorOk.id }, skip: 1 }),
    }),
    statsOf(deps, board),
  ]);
  const more = rows.length > input.limit;
  const items = rows.slice(0, input.limit).map((r) => toPublicItem(board.key, r));
  const voted = await votedNumbers(deps, board, input.voterToken, items.map((i) => i.number));
  // the cursor is the last item's number: short, and meaningful only within this board
  return { product: toPublicProduct(board), stats, items, nextCursor: more ? String(items[items.length - 1]!.number) : null, voted };
}

const COLUMNS: PublicStatus[] = ['planned', 'in_progress', 'done'];

/** The board view: the top of each column (planned, in progress, done) with each column's total. */
export async function roadmapBoard(deps: Pick<Deps, 'db' | 'clock'>, raw: z.input<typeof BoardInput>): Promise<Board> {
  const input = BoardInput.parse(raw);
  const board = await findPublicBoard(deps, input.productKey);
  const where = filtered(board, input);
  const [stats, counts, ...columns] = await Promise.all([
    statsOf(deps, board),
    deps.db.item.groupBy({ by: ['status'], where, _count: { _all: true } }),
    ...COLUMNS.map((status) =>
      deps.db.item.findMany({ where: { ...where, status: { in: statusesOf(status) } }, select: publicItemSelect, orderBy: ORDER[input.sort], take: input.perColumn }),
    ),
  ]);
  const total = (status: PublicStatus) => counts.filter((c) => toPublicStatus(c.status) === status).reduce((n, c) => n + c._count._all, 0);
  const cols = COLUMNS.map((status, i) => ({ status, total: total(status), items: columns[i]!.map((r) => toPublicItem(board.key, r)) }));
  const voted = await votedNumbers(deps, board, input.voterToken, cols.flatMap((c) => c.items.map((i) => i.number)));
  return { product: toPublicProduct(board), stats, columns: cols, voted };
}

/** Products with a public board on, for `/roadmap`. */
export async function listPublicBoards(deps: Pick<Deps, 'db'>): Promise<{ key: string; name: string }[]> {
  const rows = await deps.db.product.findMany({
    where: { publicSettings: { path: ['enabled'], equals: true } },
    select: { key: true, name: true },
    orderBy: { name: 'asc' },
    take: 100,
  });
  return rows;
}
