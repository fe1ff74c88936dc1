import type { ItemState, ItemStatus, StateCategory, WorkflowState } from '@baton/contracts';
import { compareStates, currentState } from '@baton/contracts';
import type { Prisma } from '@baton/db';
import type { Tx } from '../deps.ts';

/** The columns of the WorkflowState contract. */
export const stateSelect = { id: true, name: true, category: true, defaultFor: true, position: true } satisfies Prisma.WorkflowStateSelect;
type StateRow = Prisma.WorkflowStateGetPayload<{ select: typeof stateSelect }>;

export function toWorkflowState(row: StateRow): WorkflowState {
  return { id: row.id, name: row.name, category: row.category as StateCategory, isDefault: row.defaultFor !== null, position: row.position };
}

/** A product's states in board order (a handful of rows: one small query, or a relation join). */
export async function loadStates(tx: Tx, productId: string): Promise<WorkflowState[]> {
  const rows = await tx.workflowState.findMany({ where: { productId }, select: stateSelect });
  return rows.map(toWorkflowState).sort(compareStates);
}

/**
 * What item selects join to name an item's state in one statement: its own state, and the product's default
 * states for an item whose stateId is null (it sits in its category's default).
 */
export const itemStateSelect = {
  stateId: true,
  state: { select: stateSelect },
} satisfies Prisma.ItemSelect;
export const productDefaultStatesSelect = { workflowStates: { where: { defaultFor: { not: null } }, select: stateSelect } } satisfies Prisma.ProductSelect;

/** The state an item row names: its own, else its category's default; null in triage (or a product without states). */
export function toItemState(row: { status: ItemStatus; stateId: string | null; state: StateRow | null; product: { workflowStates: StateRow[] } }): ItemState | null {
  const known = [...(row.state ? [row.state] : []), ...row.product.workflowStates].map(toWorkflowState);
  const state = currentState(known, row);
  return state ? { id: state.id, name: state.name, category: state.category } : null;
}
