import { ItemPriority, ItemType } from '@baton/contracts';
import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { formFailure, text } from '$lib/server/form-error';
import { parentIdOf } from '$lib/server/item-fields';
import { productForAction } from '$lib/server/product';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, parent, url }) => {
  const { product } = await parent();
  const client = api(cookies);
  const parentKey = url.searchParams.get('parent');
  const [members, labels, parentItem] = await Promise.all([
    client.members.list.query({ organizationId: product.organizationId, limit: 200 }),
    client.labels.list.query({ productId: product.id }),
    // "Add sub-item" on an item page: the new item is created under it (a stale key just creates a top-level item)
    parentKey ? parentIdOf(client, product.id, parentKey).then((id) => (id ? client.items.get.query({ productId: product.id, ref: id }) : null)) : null,
  ]);
  return {
    members: members.items.map((m) => ({ id: m.id, name: m.name })),
    labels,
    parentItem: parentItem && { id: parentItem.id, key: parentItem.key, title: parentItem.title },
  };
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
      parentId: text(data, 'parentId'),
    };
    const client = api(cookies);
    const product = await productForAction(cookies, params.key);
    let key: string;
    let parentKey: string | null = null;
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
        ...(values.parentId && { parentId: values.parentId }),
      });
      key = item.key;
      parentKey = item.parent?.key ?? null;
    } catch (e) {
      return formFailure(e, values);
    }
    // a sub-item goes back to its parent, where it now shows among the children
    redirect(303, parentKey ? `/p/${params.key}/items/${parentKey}` : `/p/${params.key}/items?${new URLSearchParams({ created: key })}`);
  },
};
