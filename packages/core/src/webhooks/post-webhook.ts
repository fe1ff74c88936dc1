import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { guardedLookup, refusedAddress } from './outbound-address.ts';

export type PostResult = { ok: boolean; httpStatus: number | null; latencyMs: number; response: string };
export type PostOptions = { allow: readonly string[]; timeoutMs: number };

const EXCERPT = 1_000;
// an answer is read this far at most: only its start is kept, and a receiver must not hold Baton's worker
const READ_LIMIT = 64 * 1024;

/**
 * One POST of a signed delivery. Never throws: every outcome (an answer, a refused address, a timeout, a
 * connection error) is a result for the delivery log. 2xx is success; redirects are not followed (a 3xx is a
 * failure, as Standard Webhooks senders treat it), so a redirect cannot lead past the address check.
 */
export async function postWebhook(url: string, headers: Record<string, string>, body: string, opts: PostOptions): Promise<PostResult> {
  const started = performance.now();
  const done = (ok: boolean, httpStatus: number | null, response: string): PostResult => ({
    ok,
    httpStatus,
    latencyMs: Math.round(performance.now() - started),
    response: response.slice(0, EXCERPT),
  });
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  // an address in the URL is never looked up, so the lookup's check would not see it
  if (isIP(host)) {
    const refused = refusedAddress(host, opts.allow);
    if (refused) return done(false, null, `refused: ${refused}`);
  }
  const request = target.protocol === 'https:' ? https.request : http.request;
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const finish = (r: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const req = request(
      target,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Baton-Webhooks/1', ...headers, 'content-length': Buffer.byteLength(body) },
        lookup: guardedLookup(opts.allow),
        agent: false,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        let text = '';
        let read = 0;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          read += chunk.length;
          if (text.length < EXCERPT) text += chunk;
          if (read > READ_LIMIT) res.destroy();
        });
        const end = () => finish(done(status >= 200 && status < 300, status, text));
        res.on('end', end);
        res.on('close', end);
        res.on('error', end);
      },
    );
    // one deadline for the whole exchange: connecting, sending, the answer's headers and its body
    const timer = setTimeout(() => {
      finish(done(false, null, `timed out after ${opts.timeoutMs / 1000} s`));
      req.destroy();
    }, opts.timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => finish(done(false, null, error.message || String(error.code))));
    req.end(body);
  });
}
