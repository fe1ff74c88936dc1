import { formatItemKey, type ItemLink, type ItemRef, type LinkType } from '@baton/contracts';
import { recordActivity, writeTransaction } from '../activity/record-activity.ts';
import type { Ctx, Tx } from '../deps.ts';
import { DomainError, notFound } from '../errors.ts';
import { lockProduct } from './locks.ts';
import { resolveItem } from './resolve-item.ts';

const other = { select: { id: true, number: true, title: true, status: true, deletedAt: true, product: { select: { key: true } } } } as const;

export async function listLinks(ctx: Ctx, ref: ItemRef): Promise<ItemLink[]> {
  const { id } = await resolveItem(ctx, ref, 'read');
  const [out, inc] = await Promise.all([
    ctx.db.itemLink.findMany({ where: { fromItemId: id }, select: { id: true, type: true, toItem: other }, orderBy: { createdAt: 'asc' }, take: 500 }),
    ctx.db.itemLink.findMany({ where: { toItemId: id }, select: { id: true, type: true, fromItem: other }, orderBy: { createdAt: 'asc' }, take: 500 }),
  ]);
  const view = (i: { id: string; number: number; title: string; status: ItemLink['item']['status']; product: { key: string } }) => ({
    id: i.id,
    key: formatItemKey(i.product.key, i.number),
    title: i.title,
    status: i.status,
  });
  return [
    ...out.filter((l) => !l.toItem.deletedAt).map((l) => ({ id: l.id, type: l.type, direction: 'outgoing' as const, item: view(l.toItem) })),
    ...inc.filter((l) => !l.fromItem.deletedAt).map((l) => ({ id: l.id, type: l.type, direction: 'incoming' as const, item: view(l.fromItem) })),
  ];
}

/** Links items of one product. `blocks` links must stay acyclic; a cycle is refused and named. */
export async function addLink(ctx: Ctx, input: ItemRef & { type: LinkType; to: string }): Promise<{ id: string }> {
  const from = await resolveItem(ctx, input, 'write');
  const to = await resolveItem(ctx, { productId: input.productId, ref: input.to }, 'write');
  if (from.id === to.id) throw new DomainError('BAD_INPUT', 'to: an item cannot link to itself', { issues: [{ path: ['to'], message: 'an item cannot link to itself' }] });
  return writeTransaction(ctx, async (tx, emit) => {
    if (input.type === 'blocks') {
      await lockProduct(tx, input.productId);
      const cycle = await findBlockPath(tx, to.id, from.id);
      if (cycle) throw new DomainError('DEPENDENCY_CYCLE', `This link would make a cycle of blockers: ${cycle.join(' → ')}`, { cycle });
    }
    const exists = await tx.itemLink.findUnique({ where: { fromItemId_toItemId_type: { fromItemId: from.id, toItemId: to.id, type: input.type } } });
    if (exists) return { id: exists.id };
    const link = await tx.itemLink.create({ data: { fromItemId: from.id, toItemId: to.id, type: input.type }, select: { id: true } });
    emit(await recordActivity(ctx, tx, [{ productId: input.productId, itemId: from.id, action: 'linked', field: input.type, after: to.id }]));
    return link;
  });
}

export async function removeLink(ctx: Ctx, input: ItemRef & { linkId: string }): Promise<{ ok: true }> {
  const { id } = await resolveItem(ctx, input, 'write');
  return writeTransaction(ctx, async (tx, emit) => {
    const link = await tx.itemLink.findFirst({ where: { id: input.linkId, OR: [{ fromItemId: id }, { toItemId: id }] } });
    if (!link) throw notFound('Link');
    await tx.itemLink.delete({ where: { id: link.id } });
    emit(await recordActivity(ctx, tx, [{ productId: input.productId, itemId: id, action: 'unlinked', field: link.type, before: link.toItemId }]));
    return { ok: true as const };
  });
}

/** Breadth-first walk of `blocks` edges from `start`; returns the keys on a path to `target`, if any. */
async function findBlockPath(tx: Tx, start: string, target: string): Promise<string[] | null> {
  const prev = new Map<string, string | null>([[start, null]]);
  let frontier = [start];
  while (frontier.length && !prev.has(target)) {
    const edges = await tx.itemLink.findMany({ where: { type: 'blocks', fromItemId: { in: frontier } }, select: { fromItemId: true, toItemId: true } });
    frontier = [];
    for (const e of edges) {
      if (prev.has(e.toItemId)) continue;
      prev.set(e.toItemId, e.fromItemId);
      frontier.push(e.toItemId);
    }
  }
  if (!prev.has(target)) return null;
  const ids: string[] = [];
  for (let at: string | null | undefined = target; at; at = prev.get(at)) ids.unshift(at);
  const rows = await tx.item.findMany({ where: { id: { in: ids } }, select: { id: true, number: true, product: { select: { key: true } } } });
  const key = new Map(rows.map((r) => [r.id, formatItemKey(r.product.key, r.number)]));
  // the new edge closes the loop: target(from) → start(to) → ... → target
  return [key.get(target)!, ...ids.map((i) => key.get(i)!)];
}
