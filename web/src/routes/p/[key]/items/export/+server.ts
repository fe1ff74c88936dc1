import { errorOf } from '@baton/client';
import type { ItemSummary } from '@baton/contracts';
import { error } from '@sveltejs/kit';
import { isoDay } from '$lib/dates';
import { api } from '$lib/server/api';
import { csvRow } from '$lib/server/csv';
import { productByKey } from '$lib/server/product';
import type { RequestHandler } from './$types';

const PAGE = 100;
const HEADER = ['key', 'title', 'type', 'status', 'priority', 'assignee', 'labels', 'milestone', 'due', 'created', 'updated'];
const cells = (i: ItemSummary) => [
  i.key, i.title, i.type, i.status, i.priority, i.assignee?.name ?? '', i.labels.map((l) => l.name).join('; '), i.milestone?.name ?? '',
  i.dueDate ? isoDay(i.dueDate) : '', i.createdAt, i.updatedAt,
];

/**
 * The filtered list as a download: `?format=csv|json&q=<query>`. It pages through items.search and streams each
 * page as it arrives, so a 10,000-item export never sits in memory whole. A bad query answers 400 before the
 * first byte; a failure mid-stream ends the download short (the browser reports it as failed).
 */
export const GET: RequestHandler = async ({ cookies, params, url }) => {
  const format = url.searchParams.get('format') === 'json' ? 'json' : 'csv';
  const q = url.searchParams.get('q') ?? '';
  const client = api(cookies);
  const { product } = await productByKey(cookies, params.key);
  const search = (cursor?: string) => client.items.search.query({ productId: product.id, query: q, cursor, limit: PAGE });

  let first;
  try {
    first = await search();
  } catch (e) {
    const err = errorOf(e);
    if (err?.code === 'BAD_QUERY' || err?.code === 'BAD_INPUT') error(400, err.message);
    throw e;
  }
  const encoder = new TextEncoder();
  let page: typeof first | null = first;
  let count = 0;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(format === 'csv' ? csvRow(HEADER) : '['));
    },
    // one page per pull: the stream asks for more only as fast as the browser reads
    async pull(controller) {
      if (!page) {
        controller.enqueue(encoder.encode(format === 'csv' ? '' : ']\n'));
        controller.close();
        return;
      }
      const chunk =
        format === 'csv' ? page.items.map((i) => csvRow(cells(i))).join('') : page.items.map((i) => `${count++ ? ',' : ''}\n${JSON.stringify(i)}`).join('');
      controller.enqueue(encoder.encode(chunk));
      page = page.nextCursor ? await search(page.nextCursor) : null;
    },
  });
  const name = `${product.key}-items-${isoDay(new Date())}.${format}`;
  return new Response(stream, {
    headers: {
      'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
    },
  });
};
