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
  // one statement (relations are joined): a context pack is what an agent fetches before every task
  const item = await ctx.db.item.findUnique({
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
      checklist: { orderBy: { position: 'asc' }, select: { text: true, done: true } },
      linksTo: {
        where: { type: 'blocks', fromItem: { deletedAt: null, status: { not: 'triage' } } },
        orderBy: { createdAt: 'asc' },
        select: { fromItem: { select: { number: true, title: true, status: true, product: { select: { key: true } } } } },
      },
      pullRequests: {
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: 50,
        select: { url: true, number: true, title: true, status: true, branch: true, commitSha: true },
      },
      comments: {
        where: { deletedAt: null },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: COMMENTS_LOADED,
        select: { body: true, createdAt: true, authorUser: actor, authorAgent: actor },
      },
      claims: {
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: CLAIMS_LOADED,
        select: { createdAt: true, leaseExpiresAt: true, endedAt: true, endReason: true, endNote: true, holderUser: actor, holderAgent: actor },
      },
      _count: { select: { comments: { where: { deletedAt: null } }, claims: true } },
    },
  });
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
    criteria: item.checklist,
    bug: {
      stepsToReproduce: item.stepsToReproduce,
      expected: item.expected,
      actual: item.actual,
      environment: item.environment,
      affectedVersion: item.affectedVersion,
      fixedVersion: item.fixedVersion,
    },
    blockers: item.linksTo.map(({ fromItem: b }) => ({ key: formatItemKey(b.product.key, b.number), title: b.title, status: b.status })),
    pullRequests: item.pullRequests,
    claims: item.claims.map((c) => ({
      holder: nameOf(c.holderUser, c.holderAgent),
      claimedAt: c.createdAt,
      leaseExpiresAt: c.leaseExpiresAt,
      endedAt: c.endedAt,
      endReason: c.endReason,
      endNote: c.endNote,
    })),
    claimsNotLoaded: Math.max(0, item._count.claims - item.claims.length),
    comments: item.comments.map((c) => ({ author: nameOf(c.authorUser, c.authorAgent), at: c.createdAt, body: c.body })),
    commentsNotLoaded: Math.max(0, item._count.comments - item.comments.length),
    now: ctx.clock(),
  };
}
