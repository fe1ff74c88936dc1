import { z } from 'zod';
import { Id } from './common.ts';
import { ITEM_TRANSITIONS, ItemStatus } from './enums.ts';
import { line } from './text.ts';

/**
 * Workflow states (docs/status-changes.md): a product names its own states ("In review", "QA"), each in one of the
 * fixed statuses, its category. Every rule (transitions, the ready queue, leases, public statuses, analytics) works
 * on the category, which stays the item's `status`; the state is the name the team sees and the board's column.
 */
export const StateCategory = ItemStatus.exclude(['triage']);
export type StateCategory = z.infer<typeof StateCategory>;

/** The order the board's columns and every state list follow: by category, then by the team's own order. */
export const STATE_CATEGORIES: readonly StateCategory[] = ['open', 'in_progress', 'done', 'closed', 'wont_fix'];

/** The states every product starts with: one per category, each its category's default. */
export const DEFAULT_STATE_NAMES: Record<StateCategory, string> = {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
  closed: 'Closed',
  wont_fix: "Won't fix",
};

/** What an item says of its state: `status` stays the category for every existing client. */
export const ItemState = z.object({ id: z.string(), name: z.string(), category: ItemStatus });
export type ItemState = z.infer<typeof ItemState>;

export const WorkflowState = ItemState.extend({
  category: StateCategory,
  /** the state an item lands in when only its category is named (a claim, a new item, `status: done`) */
  isDefault: z.boolean(),
  position: z.number().int(),
});
export type WorkflowState = z.infer<typeof WorkflowState>;

export const MAX_WORKFLOW_STATES = 30;
// no double quote: the query language quotes a name (`status:"In review"`) and has no escape inside quotes
const StateName = line().min(1, 'is required').max(40, 'is longer than 40 characters').regex(/^[^"]*$/, 'cannot contain a double quote');

export const CreateStateInput = z.strictObject({ productId: Id, name: StateName, category: StateCategory });
export type CreateStateInput = z.input<typeof CreateStateInput>;
export const RenameStateInput = z.strictObject({ productId: Id, stateId: Id, name: StateName });
export type RenameStateInput = z.input<typeof RenameStateInput>;
/** The product's states in their new order (every state, once); categories keep their order whatever is sent. */
export const ReorderStatesInput = z.strictObject({ productId: Id, stateIds: z.array(Id).min(1).max(MAX_WORKFLOW_STATES) });
export type ReorderStatesInput = z.input<typeof ReorderStatesInput>;
/** Deleting a state its items still use needs `moveTo`: another state of the same category. */
export const DeleteStateInput = z.strictObject({ productId: Id, stateId: Id, moveTo: Id.optional() });
export type DeleteStateInput = z.input<typeof DeleteStateInput>;

/** A state's place in lists and on the board. */
export function compareStates(a: Pick<WorkflowState, 'category' | 'position' | 'name'>, b: Pick<WorkflowState, 'category' | 'position' | 'name'>): number {
  return STATE_CATEGORIES.indexOf(a.category) - STATE_CATEGORIES.indexOf(b.category) || a.position - b.position || a.name.localeCompare(b.name);
}

const isCategory = (ref: string): ref is ItemStatus => (ItemStatus.options as readonly string[]).includes(ref);

/**
 * THE resolution of "a state name or a category" (agent.setStatus, items.update, the bulk bar, the board and the
 * query language all call it). A category's identifier (`in_progress`) names the category: the item's current state
 * when it is already in it, else the category's default. Anything else is a state's name, whatever its case.
 * `triage` is a category without states. Null: no such state.
 */
export function resolveStateRef(
  states: readonly WorkflowState[],
  ref: string,
  current?: { status: ItemStatus; stateId: string | null },
): { category: ItemStatus; state: WorkflowState | null } | null {
  const wanted = ref.trim();
  if (isCategory(wanted)) {
    if (wanted === 'triage') return { category: 'triage', state: null };
    const mine = current?.status === wanted ? states.find((s) => s.id === current.stateId) : undefined;
    return { category: wanted, state: mine ?? states.find((s) => s.category === wanted && s.isDefault) ?? null };
  }
  const key = wanted.toLowerCase();
  const state = states.find((s) => s.name.toLowerCase() === key);
  return state ? { category: state.category, state } : null;
}

/** The state an item is in: its own, else its category's default (a null stateId); null in triage. */
export function currentState(states: readonly WorkflowState[], item: { status: ItemStatus; stateId: string | null }): WorkflowState | null {
  const own = item.stateId ? states.find((s) => s.id === item.stateId && s.category === item.status) : undefined;
  return own ?? states.find((s) => s.category === item.status && s.isDefault) ?? null;
}

/**
 * Whether the workflow lets an item move between two states: within a category always (the rules see no move),
 * across categories when ITEM_TRANSITIONS allows the categories' move.
 */
export function stateMoveAllowed(from: ItemStatus, to: ItemStatus): boolean {
  return from === to || ITEM_TRANSITIONS[from].includes(to);
}

/** The states an item in `from` may move to (itself excluded), in board order: the moves the board offers. */
export function allowedStates(states: readonly WorkflowState[], item: { status: ItemStatus; stateId: string | null }): WorkflowState[] {
  const here = currentState(states, item);
  return [...states].sort(compareStates).filter((s) => s.id !== here?.id && stateMoveAllowed(item.status, s.category));
}

/**
 * What a status picker lists for an item (the item page, the palette, VS Code): the state it is in and the moves
 * allowedStates gives, together in board order. An item in triage has no state: the picker adds that one itself.
 */
export function stateChoices(states: readonly WorkflowState[], item: { status: ItemStatus; stateId: string | null }): WorkflowState[] {
  const here = currentState(states, item);
  return [...(here ? [here] : []), ...allowedStates(states, item)].sort(compareStates);
}
