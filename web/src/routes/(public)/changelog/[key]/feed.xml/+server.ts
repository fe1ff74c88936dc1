import { renderPublicMarkdown } from '$lib/server/markdown';
import { orNotFound, publicApi } from '$lib/server/public';
import { xml } from '$lib/server/xml';
import type { RequestHandler } from './$types';

/** The changelog as an Atom feed (RFC 4287): one entry per published public release, notes as sanitized HTML. */
export const GET: RequestHandler = async ({ params, url }) => {
  const log = await orNotFound(() => publicApi().public.changelog.query({ productKey: params.key, limit: 50 }), 'Changelog');
  const base = url.origin;
  const page = `${base}/changelog/${log.product.key}`;
  const updated = (log.releases[0]?.publishedAt ?? new Date(0)).toISOString();
  const entries = log.releases.map((r) => {
    const shipped = r.items.length
      ? `<h3>Shipped</h3><ul>${r.items.map((i) => `<li>${xml(i.title)} (${xml(i.key)})</li>`).join('')}</ul>`
      : '';
    return `  <entry>
    <id>${xml(`${page}#${r.id}`)}</id>
    <title>${xml(r.name)}</title>
    <link rel="alternate" type="text/html" href="${xml(page)}"/>
    <updated>${r.publishedAt.toISOString()}</updated>
    <published>${r.publishedAt.toISOString()}</published>
    <content type="html">${xml(renderPublicMarkdown(r.notes) + shipped)}</content>
  </entry>`;
  });
  const body = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${xml(page)}</id>
  <title>${xml(`${log.product.name} changelog`)}</title>
  <link rel="alternate" type="text/html" href="${xml(page)}"/>
  <link rel="self" type="application/atom+xml" href="${xml(`${page}/feed.xml`)}"/>
  <updated>${updated}</updated>
  <author><name>${xml(log.product.name)}</name></author>
${entries.join('\n')}
</feed>
`;
  return new Response(body, { headers: { 'content-type': 'application/atom+xml; charset=utf-8', 'cache-control': 'public, max-age=300' } });
};
