import type { Release, ReleaseSummary } from '@baton/contracts';
import type { Prisma } from '@baton/db';
import { itemSummarySelect, toItemSummary } from '../items/item-select.ts';

export const releaseSummarySelect = {
  id: true,
  productId: true,
  name: true,
  notes: true,
  isPublic: true,
  publishedAt: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { items: { where: { deletedAt: null } }, shipped: { where: { item: { deletedAt: null } } } } },
} satisfies Prisma.ReleaseSelect;

// A draft lists the items pointed at it; a published release what it shipped, fixed at publish (ReleaseItem).
export const releaseSelect = {
  ...releaseSummarySelect,
  items: { where: { deletedAt: null }, select: itemSummarySelect, orderBy: { number: 'asc' }, take: 500 },
  shipped: {
    where: { item: { deletedAt: null } },
    select: { item: { select: itemSummarySelect } },
    orderBy: { item: { number: 'asc' } },
    take: 500,
  },
} satisfies Prisma.ReleaseSelect;

type SummaryRow = Prisma.ReleaseGetPayload<{ select: typeof releaseSummarySelect }>;
type Row = Prisma.ReleaseGetPayload<{ select: typeof releaseSelect }>;

export function toReleaseSummary({ _count, ...row }: SummaryRow): ReleaseSummary {
  return { ...row, itemCount: row.publishedAt ? _count.shipped : _count.items };
}

export function toRelease(row: Row): Release {
  const { items, shipped, ...rest } = row;
  return { ...toReleaseSummary(rest), items: (rest.publishedAt ? shipped.map((s) => s.item) : items).map(toItemSummary) };
}
