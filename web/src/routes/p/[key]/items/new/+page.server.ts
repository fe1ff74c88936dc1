import { ItemPriority, ItemType } from '@baton/contracts';
import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { formFailure, text } from '$lib/server/form-error';
import { productForAction } from '$lib/server/product';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, parent }) => {
  const { product } = await parent();
  const client = api(cookies);
  const [members, labels] = await Promise.all([
    client.members.list.query({ organizationId: product.organizationId, limit: 200 }),
    client.labels.list.query({ productId: product.id }),
  ]);
  return { members: members.items.map((m) => ({ id: m.id, name: m.name })), labels };
};

export const actions: Actions = {
  default: async ({ request, cookies, params }) => {
    const data = await request.formData();
    // what was typed, returned as typed on failure so nothing is lost
    const values = {
      title: text(data, 'title'),
      type: text(data, 'type'),
      priority: text(data, 'priority'),
      assigneeUserId: text(data, 'assigneeUserId'),
      labels: text(data, 'labels'),
      dueDate: text(data, 'dueDate'),
      description: text(data, 'description'),
    };
    const client = api(cookies);
    const product = await productForAction(cookies, params.key);
    let key: string;
    try {
      const item = await client.items.create.mutate({
        productId: product.id,
        title: values.title,
        // the selects only offer valid values; anything else is left for the API to name as the field's error
        type: values.type as ItemType,
        priority: (values.priority || 'medium') as ItemPriority,
        description: values.description,
        assigneeUserId: values.assigneeUserId || null,
        labels: values.labels.split(',').map((l) => l.trim()).filter(Boolean),
        // a yyyy-mm-dd day from the date input; the API parses and range-checks it
        dueDate: values.dueDate || null,
      });
      key = item.key;
    } catch (e) {
      return formFailure(e, values);
    }
    redirect(303, `/p/${params.key}/items?${new URLSearchParams({ created: key })}`);
  },
};
