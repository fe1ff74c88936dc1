import { redirect } from '@sveltejs/kit';
import { productsOf } from '$lib/server/me';
import { currentMe } from '$lib/server/product';
import type { PageServerLoad } from './$types';

/** Home, where signing in lands: the dashboard of the first product; someone in no organization starts one. */
export const load: PageServerLoad = async ({ cookies }) => {
  const me = await currentMe(cookies);
  const first = productsOf(me)[0];
  if (first) redirect(303, `/p/${first.key}`);
  redirect(303, me.memberships.length ? '/items' : '/start');
};
