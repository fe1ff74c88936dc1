import { renderPublicMarkdown } from '$lib/server/markdown';
import { orNotFound, publicApi } from '$lib/server/public';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url, setHeaders }) => {
  const status = await orNotFound(() => publicApi().public.submission.query({ token: params.token }), 'Submission');
  // a private link: keep it out of caches and search engines
  setHeaders({ 'cache-control': 'private, no-store', 'x-robots-tag': 'noindex' });
  return { status, descriptionHtml: renderPublicMarkdown(status.description), isNew: url.searchParams.has('new') };
};
