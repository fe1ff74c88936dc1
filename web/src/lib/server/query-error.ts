import { errorOf } from '@baton/client';

export type QueryError = { message: string; position: number | null; token: string };

/**
 * A search query the language rejects (or one too long) is the user's to fix: the error as the page shows it next
 * to the search box. Null for any other failure, which the caller rethrows.
 */
export function queryErrorOf(e: unknown): QueryError | null {
  const err = errorOf(e);
  if (err?.code !== 'BAD_QUERY' && err?.code !== 'BAD_INPUT') return null;
  const position = typeof err.details?.position === 'number' ? err.details.position : null;
  return { message: err.message, position, token: typeof err.details?.token === 'string' ? err.details.token : '' };
}
