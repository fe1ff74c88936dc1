import { renderMarkdown } from '@baton/markdown';
import { error, json } from '@sveltejs/kit';
import { productForAction } from '$lib/server/product';
import type { RequestHandler } from './$types';

const MAX_SOURCE = 50_000;

/** The editor's live preview: the same renderer and sanitizer as the saved text, for the product's members only. */
export const POST: RequestHandler = async ({ cookies, params, request }) => {
  await productForAction(cookies, params.key);
  const body = (await request.json().catch(() => null)) as { source?: unknown } | null;
  if (!body || typeof body.source !== 'string') error(400, 'Send { "source": "markdown" }');
  if (body.source.length > MAX_SOURCE) error(413, `The text is longer than ${MAX_SOURCE} characters`);
  return json({ html: renderMarkdown(body.source) });
};
