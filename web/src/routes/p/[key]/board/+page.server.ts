import { errorOf } from '@baton/client';
import { ItemStatus, type ItemPage } from '@baton/contracts';
import { fail } from '@sveltejs/kit';
import { cardOf, COLUMN_LIMIT, columnQuery, STATUSES, type Columns } from '$lib/board/card';
import { parseLaneMode } from '$lib/board/lanes';
import { api } from '$lib/server/api';
import { productByKey, productForAction } from '$lib/server/product';
import { text } from '$lib/server/form-error';
import { formAction } from '$lib/server/form-action';
import { queryErrorOf, type QueryError } from '$lib/server/query-error';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, params, url }) => {
  // the product from the shared auth.me, not parent(): the columns' reads start without waiting for the layout's
  const { product } = await productByKey(cookies, params.key, url);
  const q = url.searchParams.get('q') ?? '';
  const lanes = parseLaneMode(url.searchParams.get('lanes'));
  // without JavaScript, "show more" opens the next page of one column (?column=open&cursor=...)
  const pagedColumn = ItemStatus.safeParse(url.searchParams.get('column')).data ?? null;
  const cursor = (pagedColumn && url.searchParams.get('cursor')) || undefined;
  const client = api(cookies);
  let pages: ItemPage[];
  let queryError: QueryError | null = null;
  try {
    pages = await Promise.all(
      STATUSES.map((s) =>
        client.items.search.query({ productId: product.id, query: columnQuery(q, s), limit: COLUMN_LIMIT, ...(s === pagedColumn && { cursor }) }),
      ),
    );
  } catch (e) {
    queryError = queryErrorOf(e);
    if (!queryError) throw e;
    pages = STATUSES.map(() => ({ items: [], nextCursor: null }));
  }
  const columns = Object.fromEntries(
    STATUSES.map((s, i) => [s, { cards: pages[i]!.items.map(cardOf), nextCursor: pages[i]!.nextCursor }]),
  ) as Columns;
  return { q, lanes, columns, pagedColumn: cursor ? pagedColumn : null, queryError };
};

export const actions: Actions = {
  /**
   * Moves a card of the URL's product to another column under optimistic concurrency. A CONFLICT answers with the
   * item as it is now, so the page can show what changed and offer to move it again; a refused transition
   * answers with its reason.
   */
  move: formAction(
    (form) => ({ id: text(form, 'id') }),
    async (form, { cookies, params }) => {
      const id = text(form, 'id');
      const status = ItemStatus.safeParse(text(form, 'status'));
      if (!status.success) return fail(400, { id, error: { message: 'Choose a column to move to.', fields: { status: 'is required' } } });
      const product = await productForAction(cookies, params.key);
      const ref = { productId: product.id, ref: id };
      const client = api(cookies);
      try {
        const item = await client.items.update.mutate({ ...ref, expectedVersion: Number(text(form, 'version')), patch: { status: status.data } });
        return { id, moved: cardOf(item) };
      } catch (e) {
        const err = errorOf(e);
        if (err?.code !== 'CONFLICT') throw e;
        const current = await client.items.get.query(ref);
        return fail(409, { id, error: { message: err.message, fields: {} }, conflict: { current: cardOf(current), wanted: status.data } });
      }
    },
  ),
};
