import { redirect } from '@sveltejs/kit';
import { currentMe } from '$lib/server/product';
import { productsOf } from '$lib/server/me';
import type { PageServerLoad } from './$types';

/** The signed-in user's items: the first product they are a member of. */
export const load: PageServerLoad = async ({ cookies }) => {
  const me = await currentMe(cookies);
  const first = productsOf(me)[0];
  if (first) redirect(303, `/p/${first.key}/items`);
  // someone who signed up without an invitation starts their own organization
  if (!me.memberships.length) redirect(303, '/start');
  return { me };
};
