// Which notifications the editor pops up (no `vscode` import): being assigned an item or mentioned, once each.
// The badge counts every unread one; status changes and comments on watched items wait in the list.

export type Notice = { id: string; kind: string; body: string; item: { key: string } | null };

/** The kinds worth interrupting a developer for. */
const SHOWN_KINDS = new Set(['assigned', 'mention']);

/**
 * What to pop up from the unread list now, remembering in `seen` what was already considered. The first call
 * (`seen` null) only learns what is unread already: a window opening must not replay old news.
 */
export function newsToShow<T extends Notice>(unread: readonly T[], seen: Set<string> | null): { show: T[]; seen: Set<string> } {
  if (!seen) return { show: [], seen: new Set(unread.map((n) => n.id)) };
  const fresh = unread.filter((n) => !seen.has(n.id));
  for (const n of fresh) seen.add(n.id);
  // oldest first, as they happened
  return { show: fresh.filter((n) => SHOWN_KINDS.has(n.kind) && n.item).reverse(), seen };
}

/** The activity-bar badge: the unread count, none at zero. */
export const badgeFor = (count: number) => (count > 0 ? { value: count, tooltip: `${count} unread Baton notification${count === 1 ? '' : 's'}` } : undefined);
