import { formatItemKey, parseItemKey, PublicSettings, type PublicProduct } from '@baton/contracts';
import type { Prisma } from '@baton/db';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { publicStatusOf } from './public-status.ts';

export type PublicBoard = { id: string; key: string; name: string; settings: PublicSettings };

/** Settings as stored, with defaults filled in; a malformed value reads as "board off". */
export function readPublicSettings(raw: unknown): PublicSettings {
  const parsed = PublicSettings.safeParse(raw ?? {});
  return parsed.success ? parsed.data : PublicSettings.parse({});
}

/** A product whose public board is on; any other key (missing, or board off) is NOT_FOUND, alike. */
export async function findPublicBoard(deps: Pick<Deps, 'db'>, productKey: string): Promise<PublicBoard> {
  // product keys are unique per organization; the public URL names the key alone, so the oldest product wins
  const rows = await deps.db.product.findMany({
    // an archived product's board is off the web, like a board turned off
    where: { key: productKey, archivedAt: null },
    select: { id: true, key: true, name: true, publicSettings: true },
    orderBy: { createdAt: 'asc' },
    take: BOARD_CANDIDATES,
  });
  const board = pickPublicBoard(rows);
  if (!board) throw notFound('Roadmap');
  return board;
}

/** How many products of one key (oldest first) are considered for its public board. */
export const BOARD_CANDIDATES = 5;

/** The first of a key's products (oldest first) whose board is on, or null. */
export function pickPublicBoard(rows: { id: string; key: string; name: string; publicSettings: unknown }[]): PublicBoard | null {
  for (const row of rows.slice(0, BOARD_CANDIDATES)) {
    const settings = readPublicSettings(row.publicSettings);
    if (settings.enabled) return { id: row.id, key: row.key, name: row.name, settings };
  }
  return null;
}

export const toPublicProduct = (b: PublicBoard): PublicProduct => ({
  key: b.key,
  name: b.name,
  types: b.settings.types,
  voteLimit: b.settings.voteLimit,
  publicComments: b.settings.publicComments,
});

/** What the public may see of a product: live public items of the types the board shows, never an idea in triage. */
export const publicItemWhere = (b: PublicBoard): Prisma.ItemWhereInput => ({
  productId: b.id,
  visibility: 'public',
  deletedAt: null,
  status: { not: 'triage' },
  type: { in: b.settings.types },
});

export const publicItemSelect = {
  number: true,
  type: true,
  status: true,
  publicStatus: true,
  title: true,
  voteCount: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.ItemSelect;
type PublicRow = Prisma.ItemGetPayload<{ select: typeof publicItemSelect }>;
export const toPublicItem = (key: string, r: PublicRow) => ({
  key: formatItemKey(key, r.number),
  number: r.number,
  type: r.type,
  status: publicStatusOf(r),
  title: r.title,
  voteCount: r.voteCount,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

/** `BAT-42` or 42 to an item number of this board; a key of another product matches nothing. */
export function itemNumberOf(board: Pick<PublicBoard, 'key'>, ref: string | number): number | null {
  if (typeof ref === 'number') return ref;
  const key = parseItemKey(ref);
  return key?.productKey === board.key ? key.number : null;
}

/** A public item of the board, or NOT_FOUND exactly like a missing one (private items included). */
export async function findPublicItemId(
  deps: Pick<Deps, 'db'>,
  board: PublicBoard,
  ref: string | number,
): Promise<{ id: string; number: number }> {
  const number = itemNumberOf(board, ref);
  const item = number
    ? await deps.db.item.findFirst({ where: { ...publicItemWhere(board), number }, select: { id: true, number: true } })
    : null;
  if (!item) throw notFound('Item');
  return item;
}
