import {
  CreateSavedViewInput, ListSavedViewsInput, UpdateSavedViewInput, type ItemGrouping, type MemberRole, type SavedView, type SavedViewRef,
} from '@baton/contracts';
import type { Prisma } from '@baton/db';
import { personOf } from '../access/person.ts';
import { requireProductAccess } from '../access/product-access.ts';
import { roleAllows } from '../access/roles.ts';
import type { Ctx } from '../deps.ts';
import { DomainError, notFound } from '../errors.ts';
import { afterCursor, mappedPage } from '../pagination.ts';

const select = {
  id: true, productId: true, name: true, query: true, groupBy: true, shared: true, pinned: true, createdAt: true, updatedAt: true,
  owner: { select: { id: true, name: true } },
} satisfies Prisma.SavedViewSelect;
type Row = Prisma.SavedViewGetPayload<{ select: typeof select }>;

/** Views belong to people: an API key has no sidebar. */
const ownerOf = (ctx: Ctx) => personOf(ctx, 'have saved views');

/** The owner edits their own views; a shared view may also be edited by managers and up. */
const mayEdit = (row: { shared: boolean; owner: { id: string } }, userId: string, role: MemberRole | null) =>
  row.owner.id === userId || (row.shared && role !== null && roleAllows(role, 'configure'));

const toView = (row: Row, userId: string, role: MemberRole | null): SavedView => ({
  ...row,
  groupBy: row.groupBy as ItemGrouping | null,
  canEdit: mayEdit(row, userId, role),
});

/** The caller's own views and every shared view of the product: pinned first, then by name. */
export async function listSavedViews(ctx: Ctx, raw: ListSavedViewsInput) {
  const input = ListSavedViewsInput.parse(raw);
  const userId = ownerOf(ctx);
  const { role } = await requireProductAccess(ctx, input.productId, 'read');
  const rows = await ctx.db.savedView.findMany({
    where: { productId: input.productId, OR: [{ ownerId: userId }, { shared: true }] },
    orderBy: [{ pinned: 'desc' }, { name: 'asc' }, { id: 'asc' }],
    take: input.limit + 1,
    ...afterCursor(input.cursor),
    select,
  });
  return mappedPage(rows, input.limit, (r) => toView(r, userId, role));
}

/** Anyone who can read the product saves views for themselves; sharing one with the team is a write. */
export async function createSavedView(ctx: Ctx, raw: CreateSavedViewInput): Promise<SavedView> {
  const input = CreateSavedViewInput.parse(raw);
  const userId = ownerOf(ctx);
  const { role } = await requireProductAccess(ctx, input.productId, input.shared ? 'write' : 'read');
  const row = await ctx.db.savedView.create({ data: { ...input, ownerId: userId }, select });
  return toView(row, userId, role);
}

/** Looks a view up for a change; another product's (or organization's) views are NOT_FOUND like missing ones. */
async function editableView(ctx: Ctx, ref: SavedViewRef, sharing: boolean) {
  const userId = ownerOf(ctx);
  const { role } = await requireProductAccess(ctx, ref.productId, sharing ? 'write' : 'read');
  const row = await ctx.db.savedView.findFirst({ where: { id: ref.id, productId: ref.productId }, select });
  if (!row) throw notFound('Saved view');
  if (!mayEdit(row, userId, role)) {
    throw new DomainError('FORBIDDEN', row.shared ? 'Only its owner or a manager can change a shared view' : 'This view belongs to someone else');
  }
  return { row, userId, role };
}

export async function updateSavedView(ctx: Ctx, raw: UpdateSavedViewInput): Promise<SavedView> {
  const input = UpdateSavedViewInput.parse(raw);
  const { userId, role } = await editableView(ctx, input, input.patch.shared === true);
  const row = await ctx.db.savedView.update({ where: { id: input.id }, data: input.patch, select });
  return toView(row, userId, role);
}

export async function deleteSavedView(ctx: Ctx, ref: SavedViewRef): Promise<{ ok: true }> {
  await editableView(ctx, ref, false);
  // deleteMany: a racing delete of the same view is not an error for the second caller
  await ctx.db.savedView.deleteMany({ where: { id: ref.id, productId: ref.productId } });
  return { ok: true };
}
