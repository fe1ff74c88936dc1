import {
  CreateStateInput,
  DeleteStateInput,
  MAX_WORKFLOW_STATES,
  RenameStateInput,
  ReorderStatesInput,
  STATE_CATEGORIES,
  type WorkflowState,
} from '@baton/contracts';
import { requireProductAccess } from '../access/product-access.ts';
import type { Ctx, Tx } from '../deps.ts';
import { badField, DomainError, notFound } from '../errors.ts';
import { lockProduct } from '../items/locks.ts';
import { loadStates, stateSelect, toWorkflowState } from './state-select.ts';

type States = Awaited<ReturnType<typeof loadStates>>;

/**
 * Every change to a product's states (managers): the product locked for the transaction, so two edits never
 * interleave (names, positions, the state count), with its states as they are under the lock.
 */
async function editStates<T>(ctx: Ctx, productId: string, edit: (tx: Tx, product: { id: string }, states: States) => Promise<T>): Promise<T> {
  const { product } = await requireProductAccess(ctx, productId, 'configure');
  return ctx.db.$transaction(async (tx) => {
    await lockProduct(tx, product.id);
    return edit(tx, product, await loadStates(tx, product.id));
  });
}

function stateOf(states: States, stateId: string) {
  const state = states.find((s) => s.id === stateId);
  if (!state) throw notFound('State');
  return state;
}

/** A product's states in board order: anyone who reads the product. */
export async function listStates(ctx: Ctx, input: { productId: string }): Promise<WorkflowState[]> {
  const { product } = await requireProductAccess(ctx, input.productId, 'read');
  return loadStates(ctx.db, product.id);
}

/** A new state at the end of its category (managers). */
export async function createState(ctx: Ctx, raw: CreateStateInput): Promise<WorkflowState> {
  const input = CreateStateInput.parse(raw);
  return editStates(ctx, input.productId, async (tx, product, states) => {
    if (states.length >= MAX_WORKFLOW_STATES) throw new DomainError('CONFLICT', `A product has at most ${MAX_WORKFLOW_STATES} states`);
    assertNameFree(states, input.name, input.category);
    const position = Math.max(-1, ...states.filter((s) => s.category === input.category).map((s) => s.position)) + 1;
    const row = await tx.workflowState.create({
      data: { productId: product.id, name: input.name, nameKey: input.name.toLowerCase(), category: input.category, position },
      select: stateSelect,
    });
    return toWorkflowState(row);
  });
}

/** Renames a state; items keep it (they point at its id). */
export async function renameState(ctx: Ctx, raw: RenameStateInput): Promise<WorkflowState> {
  const input = RenameStateInput.parse(raw);
  return editStates(ctx, input.productId, async (tx, product, states) => {
    const state = stateOf(states, input.stateId);
    assertNameFree(states.filter((s) => s.id !== state.id), input.name, state.category);
    const row = await tx.workflowState.update({ where: { id: state.id }, data: { name: input.name, nameKey: input.name.toLowerCase() }, select: stateSelect });
    return toWorkflowState(row);
  });
}

/** Puts the product's states in the order given; a state's category decides its group whatever its place. */
export async function reorderStates(ctx: Ctx, raw: ReorderStatesInput): Promise<WorkflowState[]> {
  const input = ReorderStatesInput.parse(raw);
  return editStates(ctx, input.productId, async (tx, product, states) => {
    const known = new Set(states.map((s) => s.id));
    if (input.stateIds.length !== states.length || new Set(input.stateIds).size !== states.length || !input.stateIds.every((id) => known.has(id))) {
      throw badField('stateIds', `must name each of the product's ${states.length} states once`);
    }
    for (const [position, id] of input.stateIds.entries()) await tx.workflowState.update({ where: { id }, data: { position } });
    return loadStates(tx, product.id);
  });
}

/**
 * Deletes a state. A category's default cannot go (claims and category-only moves land there). Items still in
 * the state need `moveTo`, another state of the same category, so no item changes category by a settings edit.
 */
export async function deleteState(ctx: Ctx, raw: DeleteStateInput): Promise<{ ok: true; moved: number }> {
  const input = DeleteStateInput.parse(raw);
  return editStates(ctx, input.productId, async (tx, product, states) => {
    const state = stateOf(states, input.stateId);
    if (state.isDefault) throw new DomainError('CONFLICT', `${state.name} is the default ${state.category} state; it cannot be deleted`, { stateId: state.id });
    const inUse = await tx.item.count({ where: { stateId: state.id } });
    const moved = inUse ? await moveItems(tx, states, state, input.moveTo, inUse) : 0;
    await tx.workflowState.delete({ where: { id: state.id } });
    return { ok: true as const, moved };
  });
}

async function moveItems(tx: Tx, states: WorkflowState[], from: WorkflowState, moveTo: string | undefined, inUse: number): Promise<number> {
  if (!moveTo) {
    throw new DomainError('CONFLICT', `${inUse} item${inUse === 1 ? ' is' : 's are'} in ${from.name}; name another ${from.category} state to move them to`, {
      inUse,
      issues: [{ path: ['moveTo'], message: `is required: ${inUse} item(s) are in this state` }],
    });
  }
  const to = states.find((s) => s.id === moveTo);
  if (!to || to.id === from.id || to.category !== from.category) throw badField('moveTo', `must be another ${from.category} state of this product`);
  // the default state is stored as null (docs/status-changes.md), so the move agrees with claims and new items
  const { count } = await tx.item.updateMany({ where: { stateId: from.id }, data: { stateId: to.isDefault ? null : to.id, version: { increment: 1 } } });
  return count;
}

/** Names are unique per product whatever their case; a status's identifier names only its own category's states. */
function assertNameFree(states: WorkflowState[], name: string, category: string): void {
  const key = name.toLowerCase();
  if (states.some((s) => s.name.toLowerCase() === key)) throw new DomainError('CONFLICT', `A state named ${name} already exists`, { issues: [{ path: ['name'], message: 'is already used by another state' }] });
  const status = STATE_CATEGORIES.find((c) => c === key.replace(/ /g, '_'));
  if ((status && status !== category) || (key === 'triage')) throw badField('name', `is the name of the ${status ?? 'triage'} status`);
}
