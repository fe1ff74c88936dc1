import { compareStates, STATE_CATEGORIES, type WorkflowState } from '@baton/contracts';
import { roleAllows } from '@baton/contracts/roles';
import { api } from '$lib/server/api';
import { formFailure, text } from '$lib/server/form-error';
import { productForAction } from '$lib/server/product';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, parent }) => {
  const { product } = await parent();
  const states = (await api(cookies).workflowStates.list.query({ productId: product.id })).sort(compareStates);
  return { states, canEdit: roleAllows(product.role, 'configure') };
};

/** The product's states in board order with one moved a place up or down within its category (categories keep their order). */
function withMoved(states: WorkflowState[], stateId: string, direction: 'up' | 'down'): string[] {
  const order = [...states].sort(compareStates);
  const i = order.findIndex((s) => s.id === stateId);
  const j = direction === 'up' ? i - 1 : i + 1;
  if (i < 0 || !order[j] || order[j].category !== order[i]!.category) return order.map((s) => s.id);
  [order[i], order[j]] = [order[j]!, order[i]!];
  return order.map((s) => s.id);
}

export const actions: Actions = {
  create: async ({ request, cookies, params }) => {
    const data = await request.formData();
    const product = await productForAction(cookies, params.key);
    const values = { create: true, name: text(data, 'name'), category: text(data, 'category') };
    try {
      // the category is checked by the API (CreateStateInput); an unknown one comes back as a field error
      const category = values.category as (typeof STATE_CATEGORIES)[number];
      const state = await api(cookies).workflowStates.create.mutate({ productId: product.id, name: values.name, category });
      return { saved: `Added ${state.name}.` };
    } catch (e) {
      return formFailure(e, values);
    }
  },
  rename: async ({ request, cookies, params }) => {
    const data = await request.formData();
    const product = await productForAction(cookies, params.key);
    const values = { stateId: text(data, 'stateId'), name: text(data, 'name') };
    try {
      const state = await api(cookies).workflowStates.rename.mutate({ productId: product.id, ...values });
      return { saved: `Renamed to ${state.name}.` };
    } catch (e) {
      return formFailure(e, values);
    }
  },
  reorder: async ({ request, cookies, params }) => {
    const data = await request.formData();
    const product = await productForAction(cookies, params.key);
    const values = { stateId: text(data, 'stateId'), name: text(data, 'name') };
    const direction = text(data, 'direction') === 'up' ? 'up' : 'down';
    try {
      const client = api(cookies);
      const states = await client.workflowStates.list.query({ productId: product.id });
      await client.workflowStates.reorder.mutate({ productId: product.id, stateIds: withMoved(states, values.stateId, direction) });
      return { saved: `Moved ${values.name} ${direction}.` };
    } catch (e) {
      return formFailure(e, values);
    }
  },
  delete: async ({ request, cookies, params }) => {
    const data = await request.formData();
    const product = await productForAction(cookies, params.key);
    const values = { stateId: text(data, 'stateId'), name: text(data, 'name') };
    try {
      const moveTo = text(data, 'moveTo') || undefined;
      const { moved } = await api(cookies).workflowStates.delete.mutate({ productId: product.id, stateId: values.stateId, moveTo });
      return { saved: `Deleted ${values.name}${moved ? `; ${moved} item${moved === 1 ? '' : 's'} moved` : ''}.` };
    } catch (e) {
      return formFailure(e, values);
    }
  },
};
