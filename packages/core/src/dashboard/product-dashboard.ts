import { formatItemKey, ItemPriority, ItemType, type ItemStatus, type ProductDashboard } from '@baton/contracts';
import { requireProductAccess } from '../access/product-access.ts';
import type { Ctx } from '../deps.ts';
import { BLOCKER_CLEARED, openBlockerLink } from '../queue/ready-where.ts';

/** Open work: not finished, not given up, not an idea waiting in triage. */
const OPEN: ItemStatus[] = ['open', 'in_progress'];
const LIST = 10;
const ACTIVITY = 15;
const DUE_SOON_DAYS = 7;
const RECENT_DAYS = 14;

const person = (user: { name: string } | null, agent: { name: string } | null) =>
  user ? { kind: 'user' as const, name: user.name } : agent ? { kind: 'agent' as const, name: agent.name } : null;
const NAMES = { assigneeUser: { select: { name: true } }, assigneeAgent: { select: { name: true } } } as const;

/**
 * The product at a glance for the PM: work in progress with who (or which agent) holds it and the lease, blocked
 * items with what blocks them, overdue and due soon, recently done, the latest activity, and counts of open work by
 * type and priority. Seven reads sent at once, each one statement (relation joins), none in a transaction;
 * blockers and leases use the rules the queue uses (queue/ready-where.ts).
 */
export async function productDashboard(ctx: Ctx, input: { productId: string }): Promise<ProductDashboard> {
  const { product } = await requireProductAccess(ctx, input.productId, 'read');
  const now = ctx.clock();
  const soon = new Date(now.getTime() + DUE_SOON_DAYS * 86_400_000);
  const live = { productId: product.id, deletedAt: null };
  const key = (n: number) => formatItemKey(product.key, n);
  const [inProgress, blocked, due, done, activity, groups] = await Promise.all([
    ctx.db.item.findMany({
      where: { ...live, status: 'in_progress' },
      orderBy: [{ priority: 'asc' }, { updatedAt: 'desc' }],
      take: LIST,
      select: {
        id: true,
        number: true,
        title: true,
        priority: true,
        ...NAMES,
        claims: {
          where: { endedAt: null, leaseExpiresAt: { gt: now } },
          take: 1,
          select: { leaseExpiresAt: true, lastHeartbeatAt: true, agentName: true, holderUser: { select: { name: true } }, holderAgent: { select: { name: true } } },
        },
      },
    }),
    ctx.db.item.findMany({
      where: { ...live, status: { in: OPEN }, linksTo: { some: openBlockerLink } },
      orderBy: [{ priority: 'asc' }, { updatedAt: 'desc' }],
      take: LIST,
      select: {
        id: true,
        number: true,
        title: true,
        status: true,
        linksTo: {
          where: openBlockerLink,
          take: 5,
          select: { fromItem: { select: { id: true, number: true, title: true, status: true, product: { select: { key: true } } } } },
        },
      },
    }),
    ctx.db.item.findMany({
      where: { ...live, status: { in: OPEN }, dueDate: { lte: soon } },
      orderBy: [{ dueDate: 'asc' }, { id: 'asc' }],
      take: LIST * 2,
      select: { id: true, number: true, title: true, dueDate: true, ...NAMES },
    }),
    ctx.db.item.findMany({
      where: { ...live, status: { in: [...BLOCKER_CLEARED] }, doneAt: { gte: new Date(now.getTime() - RECENT_DAYS * 86_400_000) } },
      orderBy: [{ doneAt: 'desc' }, { id: 'desc' }],
      take: LIST,
      select: { id: true, number: true, title: true, doneAt: true },
    }),
    ctx.db.activityEvent.findMany({
      where: { productId: product.id },
      orderBy: { seq: 'desc' },
      take: ACTIVITY,
      select: {
        seq: true,
        createdAt: true,
        actorName: true,
        action: true,
        field: true,
        item: { select: { id: true, number: true, title: true, deletedAt: true } },
      },
    }),
    ctx.db.item.groupBy({ by: ['type', 'priority'], where: { ...live, status: { in: OPEN } }, _count: { _all: true } }),
  ]);
  const open = {
    total: 0,
    byType: Object.fromEntries(ItemType.options.map((t) => [t, 0])) as Record<ItemType, number>,
    byPriority: Object.fromEntries(ItemPriority.options.map((p) => [p, 0])) as Record<ItemPriority, number>,
  };
  for (const g of groups) {
    open.total += g._count._all;
    open.byType[g.type] += g._count._all;
    open.byPriority[g.priority] += g._count._all;
  }
  const dueRow = (r: (typeof due)[number]) => ({
    id: r.id,
    key: key(r.number),
    title: r.title,
    dueDate: r.dueDate!,
    assignee: person(r.assigneeUser, r.assigneeAgent),
  });
  return {
    now,
    inProgress: inProgress.map((r) => {
      const c = r.claims[0];
      return {
        id: r.id,
        key: key(r.number),
        title: r.title,
        priority: r.priority,
        assignee: person(r.assigneeUser, r.assigneeAgent),
        lease: c
          ? { holder: person(c.holderUser, c.holderAgent) ?? { kind: 'agent' as const, name: 'someone' }, agentName: c.agentName, expiresAt: c.leaseExpiresAt, lastHeartbeatAt: c.lastHeartbeatAt }
          : null,
      };
    }),
    blocked: blocked.map((r) => ({
      id: r.id,
      key: key(r.number),
      title: r.title,
      status: r.status,
      blockers: r.linksTo.map(({ fromItem: b }) => ({ id: b.id, key: formatItemKey(b.product.key, b.number), title: b.title, status: b.status })),
    })),
    overdue: due
      .filter((r) => r.dueDate! < now)
      .slice(0, LIST)
      .map(dueRow),
    dueSoon: due
      .filter((r) => r.dueDate! >= now)
      .slice(0, LIST)
      .map(dueRow),
    recentlyDone: done.map((r) => ({ id: r.id, key: key(r.number), title: r.title, doneAt: r.doneAt })),
    activity: activity.map((a) => ({
      id: a.seq.toString(),
      at: a.createdAt,
      actorName: a.actorName,
      action: a.action,
      field: a.field,
      item: a.item && !a.item.deletedAt ? { id: a.item.id, key: key(a.item.number), title: a.item.title } : null,
    })),
    open,
  };
}
