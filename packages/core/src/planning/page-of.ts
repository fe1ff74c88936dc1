/** A cursor page from `take: limit + 1` rows: the last id of a full page is the next cursor. */
export function pageOf<T extends { id: string }>(rows: T[], limit: number): { rows: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: more ? (page.at(-1)?.id ?? null) : null };
}
