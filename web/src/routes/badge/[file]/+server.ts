import { formatItemKey, parseItemKey } from '@baton/contracts/item-key';
import { error } from '@sveltejs/kit';
import { orNotFound, publicApi } from '$lib/server/public';
import { xml } from '$lib/server/xml';
import { STATUS_LABEL } from '$lib/public-labels';
import type { RequestHandler } from './$types';

const COLOR: Record<string, string> = {
  under_review: '#6b6f76',
  planned: '#5e6ad2',
  in_progress: '#b26b00',
  done: '#1a7f37',
  declined: '#a33a3a',
  duplicate: '#a33a3a',
};

/** Width of text in 11px Verdana, close enough for a badge (shields.io's approach without the font table). */
const width = (s: string) => Math.round(s.length * 6.5 + 10);

/** `/badge/BAT-42.svg`: a shields-style status badge for a public item (404 for anything else). */
export const GET: RequestHandler = async ({ params }) => {
  const key = params.file.endsWith('.svg') ? parseItemKey(params.file.slice(0, -'.svg'.length)) : null;
  if (!key) error(404, 'Badge not found');
  const item = await orNotFound(() => publicApi().public.item.query({ productKey: key.productKey, ref: key.number }), 'Badge');
  const left = formatItemKey(key.productKey, key.number);
  const right = `${(STATUS_LABEL[item.status] ?? item.status).toLowerCase()} · ${item.voteCount} ▲`;
  const lw = width(left);
  const rw = width(right);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${lw + rw}" height="20" role="img" aria-label="${xml(`${left}: ${right}`)}">
<title>${xml(`${item.title}: ${right}`)}</title>
<rect width="${lw}" height="20" rx="3" fill="#555"/><rect x="${lw}" width="${rw}" height="20" rx="3" fill="${COLOR[item.status]}"/>
<rect x="${lw - 4}" width="8" height="20" fill="${COLOR[item.status]}"/>
<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle">
<text x="${lw / 2}" y="14">${xml(left)}</text><text x="${lw + rw / 2}" y="14">${xml(right)}</text>
</g></svg>`;
  return new Response(svg, { headers: { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'public, max-age=300' } });
};
