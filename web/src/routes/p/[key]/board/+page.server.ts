import { errorOf } from '@baton/client';
import { compareStates, type ItemPage, type WorkflowState } from '@baton/contracts';
import { fail } from '@sveltejs/kit';
import { cardOf, COLUMN_LIMIT, columnQuery, type Columns } from '$lib/board/card';
import { parseLaneMode } from '$lib/board/lanes';
import { api } from '$lib/server/api';
import { productByKey, productForAction } from '$lib/server/product';
import { text } from '$lib/server/form-error';
import { formAction } from '$lib/server/form-action';
import { queryErrorOf, type QueryError } from '$lib/server/query-error';
import type { Actions, PageServerLoad } from './$types';

type Collapsible = 'closed' | 'wont_fix';

export const load: PageServerLoad = async ({ cookies, params, url }) => {
  // the product from the shared auth.me, not parent(): the columns' reads start without waiting for the layout's
  const { product } = await productByKey(cookies, params.key, url);
  const q = url.searchParams.get('q') ?? '';
  const lanes = parseLaneMode(url.searchParams.get('lanes'));
  const client = api(cookies);
  // one column per workflow state, in board order (docs/status-changes.md "Workflow states")
  const states: WorkflowState[] = (await client.workflowStates.list.query({ productId: product.id })).sort(compareStates);
  // without JavaScript, "show more" opens the next page of one column (?column=<state id>&cursor=...)
  const pagedColumn = states.find((s) => s.id === url.searchParams.get('column'))?.id ?? null;
  const cursor = (pagedColumn && url.searchParams.get('cursor')) || undefined;
  let pages: ItemPage[];
  let queryError: QueryError | null = null;
  try {
    pages = await Promise.all(
      states.map((s) =>
        client.items.search.query({ productId: product.id, query: columnQuery(q, s, states), limit: COLUMN_LIMIT, ...(s.id === pagedColumn && { cursor }) }),
      ),
    );
  } catch (e) {
    queryError = queryErrorOf(e);
    if (!queryError) throw e;
    pages = states.map(() => ({ items: [], nextCursor: null }));
  }
  const columns: Columns = Object.fromEntries(states.map((s, i) => [s.id, { cards: pages[i]!.items.map(cardOf), nextCursor: pages[i]!.nextCursor }]));
  // finished categories folded away on this board (?collapse=closed,wont_fix): each of their states' columns
  const collapsed = (url.searchParams.get('collapse') ?? '').split(',').filter((c): c is Collapsible => c === 'closed' || c === 'wont_fix');
  return { q, lanes, states, columns, pagedColumn: cursor ? pagedColumn : null, queryError, collapsed };
};

export const actions: Actions = {
  /**
   * Moves a card of the URL's product to another state (by its name, resolved by the API) under optimistic
   * concurrency. A CONFLICT answers with the item as it is now, so the page can show what changed and offer to
   * move it again; a move the workflow refuses (INVALID_TRANSITION) answers with its reason.
   */
  move: formAction(
    (form) => ({ id: text(form, 'id') }),
    async (form, { cookies, params }) => {
      const id = text(form, 'id');
      const wanted = text(form, 'status').trim();
      if (!wanted) return fail(400, { id, error: { message: 'Choose a column to move to.', fields: { status: 'is required' } } });
      const product = await productForAction(cookies, params.key);
      const ref = { productId: product.id, ref: id };
      const client = api(cookies);
      try {
        const item = await client.items.update.mutate({ ...ref, expectedVersion: Number(text(form, 'version')), patch: { status: wanted } });
        return { id, moved: cardOf(item) };
      } catch (e) {
        const err = errorOf(e);
        if (err?.code !== 'CONFLICT') throw e;
        const current = await client.items.get.query(ref);
        return fail(409, { id, error: { message: err.message, fields: {} }, conflict: { current: cardOf(current), wanted } });
      }
    },
  ),
};
