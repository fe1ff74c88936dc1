import { formatItemKey, type ItemStatus, type NotificationKind } from '@baton/contracts';
import type { ActivityActor, ActivityInput } from '../activity/record-activity.ts';
import type { Tx } from '../deps.ts';
import { BLOCKER_CLEARED, openBlockerLink } from '../queue/ready-where.ts';
import { membersByHandle, mentionedHandles, newlyMentioned } from './notify-mentions.ts';
import { isQuiet, noteNotified } from './notified-after-commit.ts';

type Raised = { userId: string; kind: NotificationKind; itemId: string; body: string; organizationId: string };
type ItemFacts = {
  id: string;
  key: string;
  organizationId: string;
  reporterUserId: string | null;
  assigneeUserId: string | null;
  description: string;
  watcherIds: string[];
};

/** When one change tells a person several things about an item, the most specific one is the notification. */
const RANK: Record<NotificationKind, number> = { mention: 0, assigned: 1, unblocked: 2, status_changed: 3, commented: 4 };

const statusOf = (after: unknown): ItemStatus | null =>
  typeof after === 'string' ? (after as ItemStatus) : after && typeof after === 'object' && 'status' in after ? (after as { status: ItemStatus }).status : null;

/**
 * Every in-app notification rule, in one place: called by recordActivity, the one place every edge (web, API,
 * agents, CLI, the GitHub webhook, the lease sweeper) records what changed, so all of them notify alike.
 * - assigned to me (and I watch it from then on);
 * - a status change or a comment on an item I watch or reported (commenters watch from then on);
 * - an @mention in a comment, or newly in a description (on create or edit);
 * - an item I am assigned to or reported is unblocked: its last open blocker got done or closed.
 * Never the actor; never in a quiet transaction (an import writes history); only members of the item's organization (nobody hears of an item they cannot see); one
 * notification per person and item per change, the most specific. Each may go out in an email digest later.
 */
export async function raiseNotifications(ctx: { principal: ActivityActor; clock?: () => Date }, tx: Tx, inputs: ActivityInput[]): Promise<void> {
  const relevant = inputs.filter(
    (a) =>
      a.itemId &&
      (a.action === 'created' ||
        a.action === 'status_changed' ||
        a.action === 'commented' ||
        (a.action === 'updated' && (a.field === 'assigneeUserId' || a.field === 'description'))),
  );
  if (relevant.length === 0 || isQuiet(tx)) return;
  const p = ctx.principal;
  const actorId = p.kind === 'user' ? p.userId : null;
  const facts = new Map<string, ItemFacts | null>();
  const item = async (id: string) => {
    if (!facts.has(id)) facts.set(id, await itemFacts(tx, id));
    return facts.get(id)!;
  };
  const raised: Raised[] = [];
  const watch: Array<{ itemId: string; userId: string }> = [];
  for (const a of relevant) {
    const it = await item(a.itemId!);
    if (!it) continue;
    const raise = (kind: NotificationKind, userIds: Iterable<string | null>, body: string) => {
      for (const userId of userIds) if (userId) raised.push({ userId, kind, itemId: it.id, body, organizationId: it.organizationId });
    };
    const mentions = async (handles: string[], where: string) =>
      raise('mention', await membersByHandle(tx, it.organizationId, handles), `${p.name} mentioned you ${where} ${it.key}`);
    if (a.action === 'created') {
      raise('assigned', [it.assigneeUserId], `${p.name} assigned you ${it.key}`);
      if (it.assigneeUserId) watch.push({ itemId: it.id, userId: it.assigneeUserId });
      await mentions(mentionedHandles(it.description), 'in the description of');
    } else if (a.action === 'updated' && a.field === 'assigneeUserId') {
      const assignee = typeof a.after === 'string' ? a.after : null;
      raise('assigned', [assignee], `${p.name} assigned you ${it.key}`);
      if (assignee) watch.push({ itemId: it.id, userId: assignee });
    } else if (a.action === 'updated') {
      await mentions(newlyMentioned(String(a.after ?? ''), String(a.before ?? '')), 'in the description of');
    } else if (a.action === 'status_changed') {
      const to = statusOf(a.after);
      raise('status_changed', [...it.watcherIds, it.reporterUserId], `${p.name} moved ${it.key} to ${to?.replace('_', ' ') ?? 'a new status'}`);
      if (to && BLOCKER_CLEARED.includes(to)) raised.push(...(await unblockedBy(tx, it)));
    } else if (a.action === 'commented') {
      // writeComment passes the words it wrote; read them only for an entry recorded without them
      const commentId = (a.after as { commentId?: string } | undefined)?.commentId;
      const body = a.commentBody ?? (commentId ? (await tx.comment.findUnique({ where: { id: commentId }, select: { body: true } }))?.body : undefined);
      if (body) await mentions(mentionedHandles(body), 'on');
      raise('commented', [...it.watcherIds, it.reporterUserId], `${p.name} commented on ${it.key}`);
      if (actorId) watch.push({ itemId: it.id, userId: actorId });
    }
  }
  if (watch.length) await tx.watcher.createMany({ data: watch, skipDuplicates: true });
  await writeNotifications(
    ctx,
    tx,
    raised.filter((r) => r.userId !== actorId),
  );
}

async function itemFacts(tx: Tx, id: string): Promise<ItemFacts | null> {
  const row = await tx.item.findUnique({
    where: { id },
    select: {
      id: true,
      number: true,
      description: true,
      reporterUserId: true,
      assigneeUserId: true,
      deletedAt: true,
      product: { select: { key: true, organizationId: true } },
      watchers: { select: { userId: true }, take: 500 },
    },
  });
  if (!row || row.deletedAt) return null;
  return {
    id: row.id,
    key: formatItemKey(row.product.key, row.number),
    organizationId: row.product.organizationId,
    description: row.description,
    reporterUserId: row.reporterUserId,
    assigneeUserId: row.assigneeUserId,
    watcherIds: row.watchers.map((w) => w.userId),
  };
}

/** The items this one blocked that it was the last open blocker of: their assignees and reporters stop waiting. */
async function unblockedBy(tx: Tx, blocker: ItemFacts): Promise<Raised[]> {
  const links = await tx.itemLink.findMany({
    where: {
      fromItemId: blocker.id,
      type: 'blocks',
      toItem: { deletedAt: null, status: { in: ['open', 'in_progress'] }, linksTo: { none: openBlockerLink } },
    },
    select: {
      toItem: {
        select: {
          id: true,
          number: true,
          assigneeUserId: true,
          reporterUserId: true,
          product: { select: { key: true, organizationId: true } },
        },
      },
    },
    take: 100,
  });
  return links.flatMap(({ toItem: t }) =>
    [...new Set([t.assigneeUserId, t.reporterUserId])].flatMap((userId) =>
      userId
        ? [
            {
              userId,
              kind: 'unblocked' as const,
              itemId: t.id,
              organizationId: t.product.organizationId,
              body: `${formatItemKey(t.product.key, t.number)} is unblocked: ${blocker.key} is done`,
            },
          ]
        : [],
    ),
  );
}

async function writeNotifications(ctx: { clock?: () => Date }, tx: Tx, raised: Raised[]): Promise<void> {
  if (raised.length === 0) return;
  // people who left the organization (or never were in it) hear nothing of its items
  const candidates = [...new Set(raised.map((r) => r.userId))];
  const members = await tx.membership.findMany({
    where: { userId: { in: candidates }, organizationId: { in: [...new Set(raised.map((r) => r.organizationId))] } },
    select: { userId: true, organizationId: true },
  });
  const member = new Set(members.map((m) => `${m.userId}:${m.organizationId}`));
  const best = new Map<string, Raised>();
  for (const r of raised) {
    if (!member.has(`${r.userId}:${r.organizationId}`)) continue;
    const key = `${r.userId}:${r.itemId}`;
    const had = best.get(key);
    if (!had || RANK[r.kind] < RANK[had.kind]) best.set(key, r);
  }
  if (best.size === 0) return;
  const emailSince = (ctx.clock ?? (() => new Date()))();
  await tx.notification.createMany({
    data: [...best.values()].map(({ userId, kind, itemId, body }) => ({ userId, kind, itemId, body, emailSince })),
  });
  noteNotified(
    tx,
    [...best.values()].map((r) => r.userId),
  );
}
