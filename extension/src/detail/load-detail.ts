import type { AgentClient } from '@baton/client';
import { stateChoices } from '@baton/contracts';
import { renderMarkdown } from '@baton/markdown';
import type { ItemDetail } from './messages.ts';

/**
 * Everything the item view shows: the item, then the rest in parallel (one batched HTTP request for those queries).
 * Markdown becomes sanitized HTML here, with the web app's renderer and policy (GitHub-flavoured: tables, task lists,
 * highlighted code), so the editor and the browser show the same text the same way and one sanitizer guards both.
 */
export async function loadDetail(api: AgentClient, ref: string, me: { userId: string | null }): Promise<ItemDetail> {
  const { trpc, productId } = api;
  const item = await trpc.items.get.query({ productId, ref });
  const r = { productId, ref: item.id };
  const [checklist, comments, activity, links, prs, claims, children, states] = await Promise.all([
    trpc.items.checklist.list.query(r),
    trpc.items.comments.list.query({ ...r, limit: 100 }),
    trpc.items.activity.query({ ...r, limit: 30 }),
    trpc.items.links.list.query(r),
    trpc.agent.pullRequests.query(r),
    trpc.claims.active.query({ productId, itemIds: [item.id] }),
    trpc.items.children.query(r),
    trpc.workflowStates.list.query({ productId }),
  ]);
  const claim = claims[0];
  return {
    id: item.id,
    key: item.key,
    title: item.title,
    type: item.type,
    status: item.status,
    states: stateChoices(states, { status: item.status, stateId: item.state?.id ?? null }).map((s) => ({ name: s.name, category: s.category, current: s.id === item.state?.id })),
    priority: item.priority,
    version: item.version,
    description: item.description,
    descriptionHtml: renderMarkdown(item.description),
    assignee: item.assignee?.name ?? null,
    reporter: item.reporter?.name ?? item.submitterName ?? null,
    labels: item.labels.map((l) => ({ name: l.name, color: l.color })),
    milestone: item.milestone?.name ?? null,
    sprint: item.sprint?.name ?? null,
    parent: item.parent && { key: item.parent.key, title: item.parent.title },
    children: children.map((c) => ({ key: c.key, title: c.title, status: c.status })),
    progress: item.progress,
    dueDate: item.dueDate?.toISOString() ?? null,
    createdAt: item.createdAt.toISOString(),
    updatedAt: item.updatedAt.toISOString(),
    claim: claim
      ? {
          holder: claim.holder.name,
          mine: claim.holder.kind === 'user' && claim.holder.id === me.userId,
          leaseExpiresAt: claim.leaseExpiresAt.toISOString(),
        }
      : null,
    checklist: checklist.map((c) => ({ id: c.id, text: c.text, done: c.done })),
    comments: comments.items.map((c) => ({ id: c.id, author: c.author?.name ?? 'someone', body: c.body, html: renderMarkdown(c.body), createdAt: c.createdAt.toISOString() })),
    activity: activity.items.map((a) => ({ actor: a.actorName, action: a.action, field: a.field, at: a.createdAt.toISOString() })),
    links: links.map((l) => ({ type: l.type, direction: l.direction, key: l.item.key, title: l.item.title, status: l.item.status })),
    pullRequests: prs.map((p) => ({ url: p.url, number: p.number, title: p.title, status: p.status, check: p.check })),
    canAssignToMe: me.userId !== null,
  };
}
