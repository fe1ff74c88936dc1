import { compareStates, ItemGrouping, ItemPriority, StateRef, type BulkUpdateInput, type ItemCounts, type ItemPage } from '@baton/contracts';
import { fail, redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { formFailure, text } from '$lib/server/form-error';
import { queryErrorOf, type QueryError } from '$lib/server/query-error';
import { productByKey, productForAction } from '$lib/server/product';
import { effectiveQuery, isSort, splitSort } from '$lib/query-terms';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 50;

/** The list's state lives in the URL (q, sort, group, cursor, view), so every list is a link and works without JS. */
function listState(url: URL) {
  const q = url.searchParams.get('q') ?? '';
  const sortParam = url.searchParams.get('sort') ?? '';
  const groupParam = url.searchParams.get('group') ?? '';
  const group = ItemGrouping.safeParse(groupParam).data ?? null;
  const sort = isSort(sortParam) ? sortParam : null;
  // grouped by priority without a chosen order: sort by it, so each group is whole across pages
  const runSort = sort ?? (group === 'priority' && !splitSort(q).sort ? 'priority-desc' : null);
  return { q, sort: sort ?? splitSort(q).sort ?? '', group, query: effectiveQuery(q, runSort), cursor: url.searchParams.get('cursor') || undefined };
}

export const load: PageServerLoad = async ({ cookies, params, url, parent }) => {
  // the filter menu sends the terms it builds as `add`: they join the query, and the list's own address follows
  const added = url.searchParams.getAll('add').filter((t) => t.trim());
  if (added.length) {
    const next = new URLSearchParams(url.searchParams);
    next.delete('add');
    next.delete('cursor');
    next.delete('from');
    next.set('q', [next.get('q') ?? '', ...added].map((t) => t.trim()).filter(Boolean).join(' '));
    redirect(303, `${url.pathname}?${next}`);
  }
  // the product from the shared auth.me, not parent(): the list's reads start without waiting for the layout's
  const { product } = await productByKey(cookies, params.key, url);
  const state = listState(url);
  const client = api(cookies);
  let page: ItemPage = { items: [], nextCursor: null };
  let queryError: QueryError | null = null;
  const [result, counts, members, labels, milestones, sprints, states] = await Promise.all([
    client.items.search.query({ productId: product.id, query: state.query, cursor: state.cursor, limit: PAGE_SIZE }).catch((e: unknown) => e),
    // the whole result's size and group sizes (a bad query is reported once, by the search above)
    client.items.counts.query({ productId: product.id, query: state.query, ...(state.group && { groupBy: state.group }) }).catch(() => null),
    client.members.list.query({ organizationId: product.organizationId, limit: 200 }),
    client.labels.list.query({ productId: product.id }),
    client.milestones.list.query({ productId: product.id, state: 'open', limit: 100 }),
    client.sprints.list.query({ productId: product.id, state: 'open', limit: 50 }),
    // the bulk bar's and the filter menu's states
    client.workflowStates.list.query({ productId: product.id }),
  ]);
  if (result instanceof Error) {
    queryError = queryErrorOf(result);
    if (!queryError) throw result;
  } else {
    page = result as ItemPage;
  }
  const viewId = url.searchParams.get('view');
  const { views } = await parent();
  return {
    ...state,
    cursor: state.cursor ?? null,
    page,
    queryError,
    view: views.find((v) => v.id === viewId) ?? null,
    members: members.items.map((m) => ({ id: m.id, name: m.name, email: m.email })),
    labels,
    total: counts?.total ?? null,
    groupCounts: counts && state.group ? groupKeys(state.group, counts.groups) : null,
    // where this page starts in the whole result (carried by the Next link; only for display)
    from: Math.max(1, Math.floor(Number(url.searchParams.get('from'))) || 1),
    milestones: milestones.items.map((m) => ({ id: m.id, name: m.name })),
    sprints: sprints.items.map((s) => ({ id: s.id, name: s.name })),
    states: states.sort(compareStates),
    created: url.searchParams.get('created'),
    now: new Date(),
  };
};

/** Whole-result group counts under the keys the table groups its page by (group-items.ts). */
function groupKeys(by: ItemGrouping, groups: ItemCounts['groups']): Record<string, number> {
  const prefix = { assignee: 'a:', label: 'l:', milestone: 'm:', status: '', priority: '' }[by];
  return Object.fromEntries(groups.map((g) => [g.value === null ? '' : `${prefix}${g.value}`, g.count]));
}

/** The bulk bar's one change, from its form: which control was used and its value. */
function bulkChange(data: FormData): BulkUpdateInput['change'] | null {
  const value = text(data, 'value');
  switch (text(data, 'op')) {
    case 'status':
      // a state's name or a category: the API resolves it per item (resolveStateRef)
      return StateRef.safeParse(text(data, 'status')).success ? { status: text(data, 'status') } : null;
    case 'priority':
      return ItemPriority.safeParse(text(data, 'priority')).success ? { priority: text(data, 'priority') as ItemPriority } : null;
    case 'assignee': {
      const who = text(data, 'assignee');
      return who ? { assigneeUserId: who === 'none' ? null : who } : null;
    }
    case 'milestone':
    case 'sprint': {
      // 'none' takes the items out of their milestone or sprint; an id core checks belongs to this product
      const plan = text(data, text(data, 'op'));
      if (!plan) return null;
      return text(data, 'op') === 'milestone' ? { milestoneId: plan === 'none' ? null : plan } : { sprintId: plan === 'none' ? null : plan };
    }
    case 'addLabel':
      return value.trim() ? { addLabels: [value.trim()] } : null;
    case 'removeLabel':
      return value.trim() ? { removeLabels: [value.trim()] } : null;
    case 'delete':
      return { delete: true };
    default:
      return null;
  }
}

const viewFields = (data: FormData) => ({
  name: text(data, 'name'),
  query: text(data, 'query'),
  groupBy: ItemGrouping.safeParse(text(data, 'groupBy')).data ?? null,
  shared: data.get('shared') === 'on',
  pinned: data.get('pinned') === 'on',
});

/** Back to the list the user was looking at (the form carries its address). */
const listUrl = (key: string, data: FormData, view?: string) => {
  const params = new URLSearchParams(text(data, 'back'));
  if (view) params.set('view', view);
  else if (view === '') params.delete('view');
  const qs = params.toString();
  return `/p/${key}/items${qs ? `?${qs}` : ''}`;
};

export const actions: Actions = {
  bulk: async ({ request, cookies, params }) => {
    const data = await request.formData();
    const refs = data.getAll('ids').filter((v): v is string => typeof v === 'string');
    const change = bulkChange(data);
    if (!refs.length) return fail(400, { form: 'bulk' as const, error: { message: 'Select at least one item first.', fields: {} } });
    if (!change) return fail(400, { form: 'bulk' as const, error: { message: 'Pick what to change.', fields: {} } });
    const product = await productForAction(cookies, params.key);
    try {
      const result = await api(cookies).items.bulkUpdate.mutate({ productId: product.id, refs, change });
      return { form: 'bulk' as const, bulk: { updated: result.updated.length, failed: result.failed, deleted: change.delete === true } };
    } catch (e) {
      return formFailure(e, { form: 'bulk' as const });
    }
  },

  saveView: async ({ request, cookies, params }) => {
    const data = await request.formData();
    const values = viewFields(data);
    const product = await productForAction(cookies, params.key);
    let id: string;
    try {
      id = (await api(cookies).savedViews.create.mutate({ productId: product.id, ...values })).id;
    } catch (e) {
      return formFailure(e, { form: 'saveView' as const, ...values });
    }
    redirect(303, listUrl(params.key, data, id));
  },

  updateView: async ({ request, cookies, params }) => {
    const data = await request.formData();
    const id = text(data, 'id');
    const product = await productForAction(cookies, params.key);
    // one form per control: re-save the current query, or flip pinned/shared
    const patch =
      text(data, 'change') === 'query'
        ? { query: text(data, 'query'), groupBy: ItemGrouping.safeParse(text(data, 'groupBy')).data ?? null }
        : text(data, 'change') === 'pinned'
          ? { pinned: text(data, 'value') === 'true' }
          : { shared: text(data, 'value') === 'true' };
    try {
      await api(cookies).savedViews.update.mutate({ productId: product.id, id, patch });
    } catch (e) {
      return formFailure(e, { form: 'view' as const });
    }
    redirect(303, listUrl(params.key, data, id));
  },

  deleteView: async ({ request, cookies, params }) => {
    const data = await request.formData();
    const product = await productForAction(cookies, params.key);
    try {
      await api(cookies).savedViews.delete.mutate({ productId: product.id, id: text(data, 'id') });
    } catch (e) {
      return formFailure(e, { form: 'view' as const });
    }
    redirect(303, listUrl(params.key, data, ''));
  },
};
