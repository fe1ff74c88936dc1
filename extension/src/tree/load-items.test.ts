import { describe, expect, it } from 'vitest';
import { collectPages } from './load-items.ts';

/** A server of `total` numbers in pages of `size`, counting the calls. */
function pages(total: number, size: number) {
  const calls: (string | undefined)[] = [];
  const fetchPage = async (cursor: string | undefined) => {
    calls.push(cursor);
    const from = cursor ? Number(cursor) : 0;
    const items = Array.from({ length: Math.min(size, total - from) }, (_, i) => from + i);
    return { items, nextCursor: from + size < total ? String(from + size) : null };
  };
  return { calls, fetchPage };
}

describe('collectPages', () => {
  it('follows the cursor to the end', async () => {
    const server = pages(250, 100);
    expect(await collectPages(server.fetchPage)).toEqual({ items: Array.from({ length: 250 }, (_, i) => i), truncated: false });
    expect(server.calls).toEqual([undefined, '100', '200']);
  });

  it('stops at the cap and says the list is cut', async () => {
    const server = pages(1000, 100);
    const r = await collectPages(server.fetchPage, 500);
    expect(r.items).toHaveLength(500);
    expect(r.truncated).toBe(true);
    expect(server.calls).toHaveLength(5);
  });

  it('handles an empty list', async () => {
    expect(await collectPages(pages(0, 100).fetchPage)).toEqual({ items: [], truncated: false });
  });
});
