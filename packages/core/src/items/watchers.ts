import type { ItemRef } from '@baton/contracts';
import type { Ctx } from '../deps.ts';
import { personOf } from '../access/person.ts';
import { resolveItem } from './resolve-item.ts';

const userOf = (ctx: Ctx) => personOf(ctx, 'can watch items');

export async function watchItem(ctx: Ctx, ref: ItemRef, watching: boolean): Promise<{ watching: boolean }> {
  const userId = userOf(ctx);
  const { id } = await resolveItem(ctx, ref, 'read');
  if (watching) await ctx.db.watcher.upsert({ where: { itemId_userId: { itemId: id, userId } }, create: { itemId: id, userId }, update: {} });
  else await ctx.db.watcher.deleteMany({ where: { itemId: id, userId } });
  return { watching };
}

export async function listWatchers(ctx: Ctx, ref: ItemRef) {
  const { id } = await resolveItem(ctx, ref, 'read');
  const rows = await ctx.db.watcher.findMany({ where: { itemId: id }, select: { user: { select: { id: true, name: true } } }, orderBy: { createdAt: 'asc' }, take: 200 });
  return rows.map((r) => r.user);
}
