import { CommentBody, type Comment, type ItemRef } from '@baton/contracts';
import { requireProductAccess } from '../access/product-access.ts';
import { roleAllows } from '../access/roles.ts';
import { recordActivity, writeTransaction, type ActivityActor } from '../activity/record-activity.ts';
import type { Ctx, Tx } from '../deps.ts';
import type { ItemEvent } from '../events/bus.ts';
import { DomainError, notFound } from '../errors.ts';
import { resolveItem } from './resolve-item.ts';
import { afterCursor, mappedPage } from '../pagination.ts';

const commentSelect = {
  id: true,
  itemId: true,
  body: true,
  editedAt: true,
  createdAt: true,
  deletedAt: true,
  authorUserId: true,
  authorAgentId: true,
  authorUser: { select: { id: true, name: true } },
  authorAgent: { select: { id: true, name: true } },
} as const;

type Row = { id: string; itemId: string; body: string; editedAt: Date | null; createdAt: Date; authorUser: { id: string; name: string } | null; authorAgent: { id: string; name: string } | null };
const toComment = (r: Row): Comment => ({
  id: r.id,
  itemId: r.itemId,
  body: r.body,
  editedAt: r.editedAt,
  createdAt: r.createdAt,
  author: r.authorUser ? { kind: 'user', ...r.authorUser } : r.authorAgent ? { kind: 'agent', ...r.authorAgent } : null,
});

export async function listComments(ctx: Ctx, input: ItemRef & { cursor?: string; limit?: number }) {
  const { id } = await resolveItem(ctx, input, 'read');
  const limit = input.limit ?? 50;
  const rows = await ctx.db.comment.findMany({
    where: { itemId: id, deletedAt: null },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: limit + 1,
    ...afterCursor(input.cursor),
    select: commentSelect,
  });
  return mappedPage(rows, limit, toComment);
}

export async function addComment(ctx: Ctx, input: ItemRef & { body: string }): Promise<Comment> {
  const body = CommentBody.parse(input.body);
  const { id, access } = await resolveItem(ctx, input, 'write');
  return writeTransaction(ctx, (tx, emit) => writeComment(ctx, tx, emit, { itemId: id, product: access.product, body }));
}

/**
 * The comment write itself, for every edge that comments (people and agents above, GitHub deliveries as the
 * system, which has no author row): the caller has checked access and parsed the body.
 */
export async function writeComment(
  ctx: { principal: ActivityActor },
  tx: Tx,
  emit: (events: ItemEvent[]) => void,
  input: { itemId: string; product: { id: string; key: string; organizationId: string }; body: string },
): Promise<Comment> {
  const { itemId: id, product, body } = input;
  const p = ctx.principal;
  const author = p.kind === 'user' ? { authorUserId: p.userId } : p.kind === 'agent' ? { authorAgentId: p.apiKeyId } : {};
  const row = await tx.comment.create({ data: { itemId: id, body, ...author }, select: commentSelect });
  // mentions and watchers are notified from the activity below (notifications/raise-notifications.ts)
  await tx.item.update({ where: { id }, data: { commentCount: { increment: 1 } }, select: { id: true } });
  emit(await recordActivity(ctx, tx, [{ productId: product.id, itemId: id, action: 'commented', after: { commentId: row.id }, commentBody: body }]));
  return toComment(row);
}

/** Authors edit their own comments; nobody edits someone else's words. */
export async function editComment(ctx: Ctx, input: { productId: string; commentId: string; body: string }): Promise<Comment> {
  const body = CommentBody.parse(input.body);
  const { comment, productId } = await ownComment(ctx, input, false);
  return writeTransaction(ctx, async (tx, emit) => {
    const row = await tx.comment.update({ where: { id: comment.id }, data: { body, editedAt: ctx.clock() }, select: commentSelect });
    emit(await recordActivity(ctx, tx, [{ productId, itemId: comment.itemId, action: 'comment_edited', field: 'comment', before: comment.body, after: body }]));
    return toComment(row);
  });
}

/** Authors delete their own comments; managers and up may delete any (moderation). */
export async function deleteComment(ctx: Ctx, input: { productId: string; commentId: string }): Promise<{ ok: true }> {
  const { comment, productId } = await ownComment(ctx, input, true);
  return writeTransaction(ctx, async (tx, emit) => {
    // conditional: of two racing deletes only one decrements the count
    const { count } = await tx.comment.updateMany({ where: { id: comment.id, deletedAt: null }, data: { deletedAt: ctx.clock() } });
    if (count === 0) throw notFound('Comment');
    await tx.item.update({ where: { id: comment.itemId }, data: { commentCount: { decrement: 1 } } });
    emit(await recordActivity(ctx, tx, [{ productId, itemId: comment.itemId, action: 'comment_deleted', before: { commentId: comment.id } }]));
    return { ok: true as const };
  });
}

async function ownComment(ctx: Ctx, input: { productId: string; commentId: string }, moderatorMayAct: boolean) {
  // the product gate comes first: another tenant must not learn whether a comment id exists
  const access = await requireProductAccess(ctx, input.productId, 'write');
  const comment = await ctx.db.comment.findUnique({
    where: { id: input.commentId },
    select: { id: true, itemId: true, body: true, deletedAt: true, authorUserId: true, authorAgentId: true, item: { select: { productId: true, deletedAt: true } } },
  });
  if (!comment || comment.deletedAt || comment.item.deletedAt || comment.item.productId !== input.productId) throw notFound('Comment');
  const p = ctx.principal;
  const mine = p.kind === 'user' ? comment.authorUserId === p.userId : comment.authorAgentId === p.apiKeyId;
  const moderator = moderatorMayAct && access.role !== null && roleAllows(access.role, 'delete');
  if (!mine && !moderator) throw new DomainError('FORBIDDEN', 'Only the author can change this comment');
  return { comment, productId: input.productId };
}
