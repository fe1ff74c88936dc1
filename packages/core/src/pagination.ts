// Every list in Baton pages by keyset on the row id (`orderBy` ends with `id`): ask for `limit + 1` rows after the
// cursor row, and the extra row says whether there is a next page. One copy of that arithmetic, here.

/** findMany arguments that start after the cursor row, when there is one. */
export const afterCursor = (cursor: string | null | undefined): { cursor: { id: string }; skip: 1 } | Record<never, never> =>
  cursor ? { cursor: { id: cursor }, skip: 1 } : {};

/** A cursor page from `take: limit + 1` rows: the last id of a full page is the next cursor. */
export function pageOf<T extends { id: string }>(rows: T[], limit: number): { rows: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: more ? (page.at(-1)?.id ?? null) : null };
}

/** The same page with each row mapped to what callers see. */
export function mappedPage<T extends { id: string }, U>(rows: T[], limit: number, map: (row: T) => U): { items: U[]; nextCursor: string | null } {
  const { rows: page, nextCursor } = pageOf(rows, limit);
  return { items: page.map(map), nextCursor };
}
