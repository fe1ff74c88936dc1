import { renderMarkdown } from '@baton/markdown';
import { error, json } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import type { RequestHandler } from './$types';

const MAX_SOURCE = 50_000;

/** The editor's live preview: the same renderer and sanitizer as the saved text, for signed-in members only. */
export const POST: RequestHandler = async ({ cookies, request }) => {
  await api(cookies).auth.me.query();
  const body = (await request.json().catch(() => null)) as { source?: unknown } | null;
  if (!body || typeof body.source !== 'string') error(400, 'Send { "source": "markdown" }');
  if (body.source.length > MAX_SOURCE) error(413, `The text is longer than ${MAX_SOURCE} characters`);
  return json({ html: renderMarkdown(body.source) });
};
