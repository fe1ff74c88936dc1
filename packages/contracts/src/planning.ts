import { z } from 'zod';
import { line, text as plainText } from './text.ts';
import { Actor, Cursor, Id, IsoDate, Limit, page } from './common.ts';
import { ItemPriority, ItemStatus, ItemType } from './enums.ts';
import { LIMITS } from './limits.ts';

const name = line().min(1, 'is required').max(100, 'is longer than 100 characters');
const text = plainText().max(LIMITS.description, `is longer than ${LIMITS.description} characters`);
const points = z.number({ error: 'must be a number' }).min(0, 'must be 0 or more').max(100_000, 'must be at most 100000');

/** Done and total items and story points of a milestone or sprint. Won't-fix items count in neither. */
export const PlanProgress = z.object({
  doneItems: z.number().int(),
  totalItems: z.number().int(),
  donePoints: z.number(),
  totalPoints: z.number(),
});
export type PlanProgress = z.infer<typeof PlanProgress>;

export const PlanState = z.enum(['open', 'closed', 'all']);
export type PlanState = z.infer<typeof PlanState>;

export const Milestone = z.object({
  id: z.string(),
  productId: z.string(),
  name: z.string(),
  description: z.string(),
  targetDate: z.date().nullable(),
  closedAt: z.date().nullable(),
  progress: PlanProgress,
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Milestone = z.infer<typeof Milestone>;

export const CreateMilestoneInput = z.strictObject({
  productId: Id,
  name,
  description: text.default(''),
  targetDate: IsoDate.nullable().optional(),
});
export type CreateMilestoneInput = z.input<typeof CreateMilestoneInput>;

export const UpdateMilestoneInput = z.strictObject({
  productId: Id,
  id: Id,
  patch: z
    .strictObject({ name, description: text, targetDate: IsoDate.nullable(), closed: z.boolean() })
    .partial()
    .refine((p) => Object.keys(p).length > 0, 'has no fields to change'),
});
export type UpdateMilestoneInput = z.input<typeof UpdateMilestoneInput>;

export const ListPlansInput = z.strictObject({ productId: Id, state: PlanState.default('all'), cursor: Cursor, limit: Limit });
export type ListPlansInput = z.input<typeof ListPlansInput>;

export const PlanRef = z.strictObject({ productId: Id, id: Id });
export type PlanRef = z.infer<typeof PlanRef>;

export const MilestonePage = page(Milestone);
export type MilestonePage = z.infer<typeof MilestonePage>;

export const Sprint = z.object({
  id: z.string(),
  productId: z.string(),
  name: z.string(),
  goal: z.string(),
  startsAt: z.date(),
  endsAt: z.date(),
  capacity: z.number().nullable(),
  closedAt: z.date().nullable(),
  /** snapshots taken at close: points planned in the sprint, and points finished in it */
  committedPoints: z.number().nullable(),
  completedPoints: z.number().nullable(),
  progress: PlanProgress,
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Sprint = z.infer<typeof Sprint>;

const sprintFields = { name, goal: text, startsAt: IsoDate, endsAt: IsoDate, capacity: points.nullable() };
const endsAfterStart = (s: { startsAt?: Date; endsAt?: Date }) => !s.startsAt || !s.endsAt || s.endsAt > s.startsAt;
const ENDS_AFTER_START = { message: 'must be after the start date', path: ['endsAt'] };

const newSprintFields = { ...sprintFields, goal: text.default(''), capacity: points.nullable().optional() };

export const NewSprint = z.strictObject(newSprintFields).refine(endsAfterStart, ENDS_AFTER_START);
export type NewSprint = z.input<typeof NewSprint>;

export const CreateSprintInput = z.strictObject({ productId: Id, ...newSprintFields }).refine(endsAfterStart, ENDS_AFTER_START);
export type CreateSprintInput = z.input<typeof CreateSprintInput>;

export const UpdateSprintInput = z.strictObject({
  productId: Id,
  id: Id,
  patch: z
    .strictObject(sprintFields)
    .partial()
    .refine((p) => Object.keys(p).length > 0, 'has no fields to change')
    .refine(endsAfterStart, ENDS_AFTER_START),
});
export type UpdateSprintInput = z.input<typeof UpdateSprintInput>;

export const SprintPage = page(Sprint);
export type SprintPage = z.infer<typeof SprintPage>;

/**
 * Closing a sprint moves its unfinished items (open, in progress) in the same transaction: to an open sprint
 * (`sprintId`), to a sprint created for them (`create`), or back to the backlog (`backlog`).
 */
export const RollOver = z.discriminatedUnion('to', [
  z.strictObject({ to: z.literal('sprint'), sprintId: Id }),
  z.strictObject({ to: z.literal('new'), sprint: NewSprint }),
  z.strictObject({ to: z.literal('backlog') }),
]);
export type RollOver = z.input<typeof RollOver>;

export const CloseSprintInput = z.strictObject({ productId: Id, id: Id, rollOver: RollOver.default({ to: 'backlog' }) });
export type CloseSprintInput = z.input<typeof CloseSprintInput>;

export const CloseSprintResult = z.object({ closed: Sprint, next: Sprint.nullable(), moved: z.number().int() });
export type CloseSprintResult = z.infer<typeof CloseSprintResult>;

/** An item as planning shows it: enough to plan with (estimate, status), no more. */
export const PlanItem = z.object({
  id: z.string(),
  key: z.string(),
  title: z.string(),
  type: ItemType,
  status: ItemStatus,
  priority: ItemPriority,
  estimate: z.number().nullable(),
  version: z.number().int(),
  assignee: Actor.nullable(),
});
export type PlanItem = z.infer<typeof PlanItem>;

/** A sprint's items (`sprintId`), or the backlog (`sprintId: null`: unfinished items in no sprint). */
export const PlanItemsInput = z.strictObject({ productId: Id, sprintId: Id.nullable(), cursor: Cursor, limit: Limit });
export type PlanItemsInput = z.input<typeof PlanItemsInput>;

export const PlanItemPage = page(PlanItem);
export type PlanItemPage = z.infer<typeof PlanItemPage>;

export const VelocityInput = z.strictObject({ productId: Id, limit: z.number().int().min(1).max(50).default(10) });
export type VelocityInput = z.input<typeof VelocityInput>;

/** One closed sprint in the velocity chart, oldest first. */
export const VelocityPoint = z.object({
  sprintId: z.string(),
  name: z.string(),
  closedAt: z.date(),
  committedPoints: z.number(),
  completedPoints: z.number(),
});
export type VelocityPoint = z.infer<typeof VelocityPoint>;
