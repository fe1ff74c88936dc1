import { formatItemKey, type ItemRef } from '@baton/contracts';
import type { Ctx } from '../deps.ts';
import { DomainError, notFound } from '../errors.ts';
import { resolveItem } from '../items/resolve-item.ts';
import type { ContextPackData } from './render-context-pack.ts';

/** More than any budget shows; older ones are only counted. */
const COMMENTS_LOADED = 50;
const CLAIMS_LOADED = 20;

const nameOf = (user: { name: string } | null, agent: { name: string } | null) => user?.name ?? agent?.name ?? null;
const actor = { select: { name: true } } as const;

/** Reads what a context pack may say about an item (read access), newest comments and claims first. */
export async function loadContextPackData(ctx: Ctx, ref: ItemRef): Promise<ContextPackData> {
  const { id } = await resolveItem(ctx, ref, 'read');
  const [item, criteria, blockers, pullRequests, comments, commentTotal, claims, claimTotal] = await Promise.all([
    ctx.db.item.findUnique({
      where: { id },
      select: {
        number: true,
        title: true,
        type: true,
        status: true,
        priority: true,
        description: true,
        stepsToReproduce: true,
        expected: true,
        actual: true,
        environment: true,
        affectedVersion: true,
        fixedVersion: true,
        product: { select: { key: true } },
        assigneeUser: actor,
        assigneeAgent: actor,
        milestone: { select: { name: true } },
        labels: { select: { label: { select: { name: true } } }, orderBy: { label: { name: 'asc' } } },
      },
    }),
    ctx.db.checklistEntry.findMany({ where: { itemId: id }, orderBy: { position: 'asc' }, select: { text: true, done: true } }),
    ctx.db.itemLink.findMany({
      where: { toItemId: id, type: 'blocks', fromItem: { deletedAt: null, status: { not: 'triage' } } },
      orderBy: { createdAt: 'asc' },
      select: { fromItem: { select: { number: true, title: true, status: true, product: { select: { key: true } } } } },
    }),
    ctx.db.pullRequestLink.findMany({
      where: { itemId: id },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: 50,
      select: { url: true, number: true, title: true, status: true, branch: true, commitSha: true },
    }),
    ctx.db.comment.findMany({
      where: { itemId: id, deletedAt: null },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: COMMENTS_LOADED,
      select: { body: true, createdAt: true, authorUser: actor, authorAgent: actor },
    }),
    ctx.db.comment.count({ where: { itemId: id, deletedAt: null } }),
    ctx.db.claim.findMany({
      where: { itemId: id },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: CLAIMS_LOADED,
      select: {
        createdAt: true,
        leaseExpiresAt: true,
        endedAt: true,
        endReason: true,
        endNote: true,
        holderUser: actor,
        holderAgent: actor,
      },
    }),
    ctx.db.claim.count({ where: { itemId: id } }),
  ]);
  if (!item) throw notFound('Item');
  // a visitor's idea is unread text from a stranger: no agent gets it as instructions until a person accepts it
  if (item.status === 'triage') throw new DomainError('CONFLICT', `${formatItemKey(item.product.key, item.number)} is an idea waiting in triage; a person must accept it first`);
  return {
    key: formatItemKey(item.product.key, item.number),
    title: item.title,
    type: item.type,
    status: item.status,
    priority: item.priority,
    assignee: nameOf(item.assigneeUser, item.assigneeAgent),
    labels: item.labels.map((l) => l.label.name),
    milestone: item.milestone?.name ?? null,
    description: item.description,
    criteria,
    bug: {
      stepsToReproduce: item.stepsToReproduce,
      expected: item.expected,
      actual: item.actual,
      environment: item.environment,
      affectedVersion: item.affectedVersion,
      fixedVersion: item.fixedVersion,
    },
    blockers: blockers.map(({ fromItem: b }) => ({ key: formatItemKey(b.product.key, b.number), title: b.title, status: b.status })),
    pullRequests,
    claims: claims.map((c) => ({
      holder: nameOf(c.holderUser, c.holderAgent),
      claimedAt: c.createdAt,
      leaseExpiresAt: c.leaseExpiresAt,
      endedAt: c.endedAt,
      endReason: c.endReason,
      endNote: c.endNote,
    })),
    claimsNotLoaded: Math.max(0, claimTotal - claims.length),
    comments: comments.map((c) => ({ author: nameOf(c.authorUser, c.authorAgent), at: c.createdAt, body: c.body })),
    commentsNotLoaded: Math.max(0, commentTotal - comments.length),
    now: ctx.clock(),
  };
}
