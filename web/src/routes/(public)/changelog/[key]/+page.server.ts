import { renderPublicMarkdown } from '$lib/server/markdown';
import { orNotFound, publicApi } from '$lib/server/public';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url }) => {
  const cursor = url.searchParams.get('cursor') || undefined;
  const log = await orNotFound(() => publicApi().public.changelog.query({ productKey: params.key, cursor }), 'Changelog');
  return { ...log, releases: log.releases.map((r) => ({ ...r, html: renderPublicMarkdown(r.notes) })) };
};
