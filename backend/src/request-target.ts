import type { IncomingMessage, ServerResponse } from 'node:http';

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const PATH_CONTROL = /[\u0000-\u001F\u007F]/;

/**
 * Why a request's address cannot be read, or null when it can. Checked once for every route (pages, REST, tRPC,
 * files, OAuth) before any of them decodes a path or query parameter: a control character in the path, a NUL in
 * a query value, or percent-encoding that is not UTF-8 (a lone surrogate, say) would otherwise reach a lookup
 * and the database, which answers it with a 500. Query values may hold tabs and newlines (search text).
 */
export function requestTargetProblem(url: string | undefined): string | null {
  const target = url ?? '/';
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  const query = q === -1 ? '' : target.slice(q + 1);
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return 'The address is not valid percent-encoded UTF-8';
  }
  if (PATH_CONTROL.test(decoded)) return 'The address contains a control character';
  for (const part of query.split('&')) {
    let value: string;
    try {
      value = decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      return 'A query parameter is not valid percent-encoded UTF-8';
    }
    if (value.includes('\u0000')) return 'A query parameter contains a NUL character';
  }
  return null;
}

/** Answers 400 (JSON, in the REST error envelope) when the address cannot be read; true when it did. */
export function refuseUnreadableTarget(req: IncomingMessage, res: ServerResponse): boolean {
  const problem = requestTargetProblem(req.url);
  if (!problem) return false;
  res.writeHead(400, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ error: { code: 'BAD_INPUT', message: problem } }));
  return true;
}
