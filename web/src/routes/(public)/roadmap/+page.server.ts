import { redirect } from '@sveltejs/kit';
import { publicApi } from '$lib/server/public';
import type { PageServerLoad } from './$types';

/** Every product with a public board; with exactly one, straight to it. */
export const load: PageServerLoad = async () => {
  const boards = await publicApi().public.boards.query();
  if (boards.length === 1) redirect(307, `/roadmap/${boards[0]!.key}`);
  return { boards };
};
