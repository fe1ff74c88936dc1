import type { Actor, Item, ItemSummary } from '@baton/contracts';
import { FINISHED_STATUSES, formatItemKey } from '@baton/contracts';
import type { Prisma } from '@baton/db';
import { itemStateSelect, productDefaultStatesSelect, toItemState } from '../workflow-states/state-select.ts';

const actorSelect = { select: { id: true, name: true } } as const;

/** One explicit select for lists: never whole rows, never hashes. */
export const itemSummarySelect = {
  id: true,
  number: true,
  productId: true,
  type: true,
  status: true,
  ...itemStateSelect,
  priority: true,
  visibility: true,
  title: true,
  voteCount: true,
  commentCount: true,
  dueDate: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  product: { select: { key: true, ...productDefaultStatesSelect } },
  assigneeUser: actorSelect,
  assigneeAgent: actorSelect,
  milestone: { select: { id: true, name: true } },
  labels: { select: { label: { select: { id: true, name: true, color: true } } }, orderBy: { label: { name: 'asc' } } },
} satisfies Prisma.ItemSelect;

export const itemSelect = {
  ...itemSummarySelect,
  description: true,
  stepsToReproduce: true,
  expected: true,
  actual: true,
  submitterName: true,
  source: true,
  sprintId: true,
  sprint: { select: { id: true, name: true } },
  targetRelease: true,
  estimate: true,
  environment: true,
  affectedVersion: true,
  fixedVersion: true,
  customFields: true,
  startedAt: true,
  doneAt: true,
  closedAt: true,
  reporterUser: actorSelect,
  reporterAgent: actorSelect,
  parent: { select: { id: true, number: true, title: true } },
  children: { where: { deletedAt: null }, select: { status: true } },
} satisfies Prisma.ItemSelect;

type SummaryRow = Prisma.ItemGetPayload<{ select: typeof itemSummarySelect }>;
type ItemRow = Prisma.ItemGetPayload<{ select: typeof itemSelect }>;

/** Who an item is assigned to (or was reported by): a person, an agent's API key, or nobody. */
export function toActor(user: { id: string; name: string } | null, agent: { id: string; name: string } | null): Actor | null {
  if (user) return { kind: 'user', id: user.id, name: user.name };
  if (agent) return { kind: 'agent', id: agent.id, name: agent.name };
  return null;
}

export function toItemSummary(row: SummaryRow): ItemSummary {
  return {
    id: row.id,
    key: formatItemKey(row.product.key, row.number),
    number: row.number,
    productId: row.productId,
    type: row.type,
    status: row.status,
    state: toItemState(row),
    priority: row.priority,
    visibility: row.visibility,
    title: row.title,
    assignee: toActor(row.assigneeUser, row.assigneeAgent),
    labels: row.labels.map((l) => l.label),
    milestone: row.milestone,
    voteCount: row.voteCount,
    commentCount: row.commentCount,
    dueDate: row.dueDate,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toItem(row: ItemRow): Item {
  return {
    ...toItemSummary(row),
    description: row.description,
    stepsToReproduce: row.stepsToReproduce,
    expected: row.expected,
    actual: row.actual,
    reporter: toActor(row.reporterUser, row.reporterAgent),
    submitterName: row.submitterName,
    source: row.source,
    sprintId: row.sprintId,
    sprint: row.sprint,
    targetRelease: row.targetRelease,
    estimate: row.estimate,
    environment: row.environment,
    affectedVersion: row.affectedVersion,
    fixedVersion: row.fixedVersion,
    parent: row.parent ? { id: row.parent.id, key: formatItemKey(row.product.key, row.parent.number), title: row.parent.title } : null,
    customFields: (row.customFields ?? {}) as Record<string, unknown>,
    progress: {
      total: row.children.length,
      done: row.children.filter((c) => FINISHED_STATUSES.includes(c.status)).length,
    },
    startedAt: row.startedAt,
    doneAt: row.doneAt,
    closedAt: row.closedAt,
  };
}
