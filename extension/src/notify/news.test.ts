import { describe, expect, it } from 'vitest';
import { badgeFor, newsToShow, type Notice } from './news.ts';

const n = (id: string, kind: string, key: string | null = 'BAT-1'): Notice => ({ id, kind, body: `${kind} ${id}`, item: key ? { key } : null });

describe('newsToShow', () => {
  it('learns what is unread already without showing it, then shows each new assignment or mention once, oldest first', () => {
    const first = newsToShow([n('a', 'assigned')], null);
    expect(first.show).toEqual([]);
    // newest first, as the server lists them
    const next = newsToShow([n('d', 'mention'), n('c', 'commented'), n('b', 'assigned'), n('a', 'assigned')], first.seen);
    expect(next.show.map((x) => x.id)).toEqual(['b', 'd']);
    expect(newsToShow([n('d', 'mention'), n('b', 'assigned')], next.seen).show).toEqual([]);
  });
  it('shows nothing that has no item to open', () => {
    expect(newsToShow([n('x', 'assigned', null)], new Set()).show).toEqual([]);
  });
});

describe('badgeFor', () => {
  it('counts unread notifications, and is gone at zero', () => {
    expect(badgeFor(0)).toBeUndefined();
    expect(badgeFor(1)).toEqual({ value: 1, tooltip: '1 unread Baton notification' });
    expect(badgeFor(3)?.tooltip).toBe('3 unread Baton notifications');
  });
});
