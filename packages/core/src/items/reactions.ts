import { ToggleReactionInput, type ItemRef, type ReactionEmoji, type ReactionSummary } from '@baton/contracts';
import { personOf } from '../access/person.ts';
import { requireProductAccess } from '../access/product-access.ts';
import type { Ctx } from '../deps.ts';
import { notFound } from '../errors.ts';
import { resolveItem } from './resolve-item.ts';

/** Reactions are people's: an API key has no face to react with. */
const userOf = (ctx: Ctx) => personOf(ctx, 'can react');

/** Adds the caller's reaction, or takes it back when it is already there. */
export async function toggleReaction(ctx: Ctx, raw: { productId: string; commentId: string; emoji: string }): Promise<{ reacted: boolean }> {
  const userId = userOf(ctx);
  const input = ToggleReactionInput.parse(raw);
  await requireProductAccess(ctx, input.productId, 'write');
  const comment = await ctx.db.comment.findUnique({ where: { id: input.commentId }, select: { id: true, deletedAt: true, item: { select: { productId: true, deletedAt: true } } } });
  if (!comment || comment.deletedAt || comment.item.deletedAt || comment.item.productId !== input.productId) throw notFound('Comment');
  const key = { commentId_userId_emoji: { commentId: comment.id, userId, emoji: input.emoji } };
  // delete-or-create on the unique key: a double click that races itself ends in one state, never an error
  const { count } = await ctx.db.reaction.deleteMany({ where: key.commentId_userId_emoji });
  if (count > 0) return { reacted: false };
  await ctx.db.reaction.upsert({ where: key, create: key.commentId_userId_emoji, update: {} });
  return { reacted: true };
}

/** Every reaction on an item's live comments, grouped per comment and emoji, in the picker's order. */
export async function listReactions(ctx: Ctx, ref: ItemRef): Promise<ReactionSummary[]> {
  const { id } = await resolveItem(ctx, ref, 'read');
  const me = ctx.principal.kind === 'user' ? ctx.principal.userId : null;
  const rows = await ctx.db.reaction.findMany({
    where: { comment: { itemId: id, deletedAt: null } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: 5_000,
    select: { commentId: true, emoji: true, userId: true, user: { select: { name: true } } },
  });
  const groups = new Map<string, ReactionSummary>();
  for (const r of rows) {
    const k = `${r.commentId} ${r.emoji}`;
    const g = groups.get(k) ?? { commentId: r.commentId, emoji: r.emoji as ReactionEmoji, count: 0, users: [], mine: false };
    g.count += 1;
    g.users.push(r.user.name);
    g.mine ||= r.userId === me;
    groups.set(k, g);
  }
  return [...groups.values()];
}
