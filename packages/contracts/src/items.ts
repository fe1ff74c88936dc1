import { z } from 'zod';
import { Actor, Cursor, Id, IsoDate, ItemKey, Limit, page } from './common.ts';
import { ItemPriority, ItemSource, ItemStatus, ItemType, LinkType, Visibility } from './enums.ts';
import { ErrorCode } from './errors.ts';
import { LIMITS } from './limits.ts';
import { EndedClaim } from './status-change.ts';
import { line, text, token } from './text.ts';
import { ItemState } from './workflow-states.ts';

const title = line().min(1, 'is required').max(LIMITS.title, `is longer than ${LIMITS.title} characters`);
const markdown = text().max(LIMITS.description, `is longer than ${LIMITS.description} characters`);
const short = line().max(LIMITS.shortText, `is longer than ${LIMITS.shortText} characters`);
const labelName = line().min(1).max(LIMITS.labelName);

export const Label = z.object({ id: z.string(), name: z.string(), color: z.string() });
export type Label = z.infer<typeof Label>;

export const ItemSummary = z.object({
  id: z.string(),
  key: z.string(),
  number: z.number().int(),
  productId: z.string(),
  type: ItemType,
  /** the category every rule works on (open, in_progress, done, closed, wont_fix, triage) */
  status: ItemStatus,
  /** the product's named state within the status (docs/status-changes.md); null in triage */
  state: ItemState.nullable(),
  priority: ItemPriority,
  visibility: Visibility,
  title: z.string(),
  assignee: Actor.nullable(),
  labels: z.array(Label),
  milestone: z.object({ id: z.string(), name: z.string() }).nullable(),
  voteCount: z.number().int(),
  commentCount: z.number().int(),
  dueDate: z.date().nullable(),
  version: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type ItemSummary = z.infer<typeof ItemSummary>;

export const Item = ItemSummary.extend({
  description: z.string(),
  stepsToReproduce: z.string().nullable(),
  expected: z.string().nullable(),
  actual: z.string().nullable(),
  reporter: Actor.nullable(),
  submitterName: z.string().nullable(),
  source: ItemSource,
  sprintId: z.string().nullable(),
  /** the sprint by name, as the item page and `baton show` show it (sprintId is kept for existing callers) */
  sprint: z.object({ id: z.string(), name: z.string() }).nullable(),
  targetRelease: z.string().nullable(),
  estimate: z.number().nullable(),
  environment: z.string().nullable(),
  affectedVersion: z.string().nullable(),
  fixedVersion: z.string().nullable(),
  parent: z.object({ id: z.string(), key: z.string(), title: z.string() }).nullable(),
  customFields: z.record(z.string(), z.unknown()),
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  startedAt: z.date().nullable(),
  doneAt: z.date().nullable(),
  closedAt: z.date().nullable(),
});
export type Item = z.infer<typeof Item>;

/** Fields a caller may set; shared by create and update. */
const editable = {
  type: ItemType,
  priority: ItemPriority,
  visibility: Visibility,
  title,
  description: markdown,
  stepsToReproduce: markdown.nullable(),
  expected: markdown.nullable(),
  actual: markdown.nullable(),
  assigneeUserId: Id.nullable(),
  milestoneId: Id.nullable(),
  sprintId: Id.nullable(),
  targetRelease: short.nullable(),
  estimate: z.number().min(0).max(10_000).nullable(),
  dueDate: IsoDate.nullable(),
  environment: short.nullable(),
  affectedVersion: short.nullable(),
  fixedVersion: short.nullable(),
  parentId: Id.nullable(),
  customFields: z.record(token().max(64), z.union([line().max(LIMITS.shortText), z.number(), z.boolean(), z.null()])),
};

export const CreateItemInput = z.strictObject({
  productId: Id,
  ...editable,
  description: markdown.default(''),
  priority: ItemPriority.default('medium'),
  visibility: Visibility.default('internal'),
  labels: z.array(labelName).max(LIMITS.labelsPerItem).default([]),
  checklist: z.array(line().min(1).max(LIMITS.checklistText)).max(100).default([]),
}).partial({
  stepsToReproduce: true, expected: true, actual: true, assigneeUserId: true, milestoneId: true, sprintId: true,
  targetRelease: true, estimate: true, dueDate: true, environment: true, affectedVersion: true, fixedVersion: true,
  parentId: true, customFields: true,
});
export type CreateItemInput = z.input<typeof CreateItemInput>;

/** Items are addressed by id or by key (BAT-42) everywhere. */
export const ItemRef = z.strictObject({ productId: Id, ref: z.union([ItemKey, Id]) });
export type ItemRef = z.infer<typeof ItemRef>;

/** A status to move to: a state's name ("In review") or a category (`in_progress`); see resolveStateRef. */
export const StateRef = line().min(1, 'is required').max(40, 'is longer than 40 characters').describe('a state name ("In review") or a status (in_progress)');
const ItemPatch = z.strictObject({ ...editable, status: StateRef }).partial();

export const UpdateItemInput = ItemRef.extend({
  expectedVersion: z.number().int().min(1),
  patch: ItemPatch.refine((p) => Object.keys(p).length > 0, 'has no fields to change'),
  /**
   * The patched fields as the caller last saw them (its form's starting values). With it, a save made on an older
   * version still lands when each patched field still holds its base value: someone changed other fields only,
   * and the edits merge. Without it, any newer version is a CONFLICT.
   */
  base: ItemPatch.optional(),
}).refine((v) => !v.base || Object.keys(v.base).every((k) => k in v.patch), { message: 'names fields the patch does not change', path: ['base'] });
export type UpdateItemInput = z.input<typeof UpdateItemInput>;

export const ListItemsInput = z.strictObject({
  productId: Id,
  type: z.array(ItemType).optional(),
  status: z.array(ItemStatus).optional(),
  priority: z.array(ItemPriority).optional(),
  visibility: Visibility.optional(),
  assigneeUserId: Id.nullable().optional(),
  label: z.array(labelName).optional(),
  milestoneId: Id.nullable().optional(),
  text: line().max(LIMITS.shortText).optional(),
  sort: z.enum(['updated-desc', 'created-desc', 'created-asc', 'priority-desc', 'number-asc']).default('updated-desc'),
  cursor: Cursor,
  limit: Limit,
});
export type ListItemsInput = z.input<typeof ListItemsInput>;

export const SearchItemsInput = z.strictObject({
  productId: Id,
  query: line().max(LIMITS.query, `is longer than ${LIMITS.query} characters`),
  cursor: Cursor,
  limit: Limit,
});
export type SearchItemsInput = z.input<typeof SearchItemsInput>;

export const ItemPage = page(ItemSummary);
export type ItemPage = z.infer<typeof ItemPage>;

export const ItemStats = z.object({
  total: z.number().int(),
  byType: z.record(ItemType, z.number().int()),
  byStatus: z.record(ItemStatus, z.number().int()),
  byPriority: z.record(ItemPriority, z.number().int()),
});
export type ItemStats = z.infer<typeof ItemStats>;

export const Comment = z.object({
  id: z.string(),
  itemId: z.string(),
  author: Actor.nullable(),
  body: z.string(),
  editedAt: z.date().nullable(),
  createdAt: z.date(),
});
export type Comment = z.infer<typeof Comment>;
export const CommentBody = text().trim().min(1, 'is required').max(LIMITS.comment, `is longer than ${LIMITS.comment} characters`);

export const ChecklistEntry = z.object({ id: z.string(), text: z.string(), done: z.boolean(), position: z.number().int() });
export type ChecklistEntry = z.infer<typeof ChecklistEntry>;
export const ChecklistText = line().min(1, 'is required').max(LIMITS.checklistText);

export const ItemLink = z.object({
  id: z.string(),
  type: LinkType,
  direction: z.enum(['outgoing', 'incoming']),
  item: z.object({ id: z.string(), key: z.string(), title: z.string(), status: ItemStatus }),
});
export type ItemLink = z.infer<typeof ItemLink>;

export const ActivityEvent = z.object({
  seq: z.string(),
  itemId: z.string().nullable(),
  actorName: z.string(),
  action: z.string(),
  field: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  createdAt: z.date(),
});
export type ActivityEvent = z.infer<typeof ActivityEvent>;
export const ActivityPage = page(ActivityEvent);

export const LabelInput = z.strictObject({ productId: Id, name: labelName, color: token().regex(/^#[0-9a-fA-F]{6}$/, 'must be a #rrggbb color').default('#6b7280') });

/** One change applied to many items at once; `delete` stands alone. */
export const BulkUpdateInput = z.strictObject({
  productId: Id,
  refs: z
    .array(z.union([ItemKey, Id]))
    .min(1, 'selects no items')
    .max(LIMITS.bulkItems, `selects more than ${LIMITS.bulkItems} items`),
  change: z
    .strictObject({
      status: StateRef,
      priority: ItemPriority,
      assigneeUserId: Id.nullable(),
      milestoneId: Id.nullable(),
      sprintId: Id.nullable(),
      addLabels: z.array(labelName).max(LIMITS.labelsPerItem),
      removeLabels: z.array(labelName).max(LIMITS.labelsPerItem),
      delete: z.literal(true),
    })
    .partial()
    .refine((c) => Object.keys(c).length > 0, 'has nothing to change')
    .refine((c) => !c.delete || Object.keys(c).length === 1, 'cannot delete and change items at once'),
});
export type BulkUpdateInput = z.input<typeof BulkUpdateInput>;

/** What happened to each selected item: changed (with its new version), or why it was left as it was. */
export const BulkUpdateResult = z.object({
  updated: z.array(z.object({ id: z.string(), key: z.string(), version: z.number().int(), claimEnded: EndedClaim.nullable() })),
  failed: z.array(z.object({ ref: z.string(), key: z.string().nullable(), code: ErrorCode, message: z.string() })),
});
export type BulkUpdateResult = z.infer<typeof BulkUpdateResult>;
