import type { AppRouter } from '@baton/api';
import type { ErrorBody } from '@baton/contracts';
import { createTRPCClient, httpBatchLink, httpLink, splitLink, TRPCClientError } from '@trpc/client';
import superjson from 'superjson';

export type ClientOptions = {
  /** server origin, e.g. http://127.0.0.1:3000 */
  url: string;
  /** an API key (`bat_...`) or a session token */
  token?: string | null;
  /** sent as x-product-id: inputs may then omit productId */
  productId?: string;
  /** extra headers per request (the web app forwards the client IP) */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
};

/** The typed tRPC client for agents, the CLI, the web app's server side and the VS Code extension. */
export function createClient(opts: ClientOptions) {
  const headers = () => ({
    ...(opts.token && { authorization: `Bearer ${opts.token}` }),
    ...(opts.productId && { 'x-product-id': opts.productId }),
    ...opts.headers,
  });
  const common = { url: `${opts.url.replace(/\/$/, '')}/trpc`, transformer: superjson, headers, ...(opts.fetch && { fetch: opts.fetch }) };
  return createTRPCClient<AppRouter>({
    // batch queries (page loads); send mutations alone so one failure never drags others with it
    links: [splitLink({ condition: (op) => op.type === 'query', true: httpBatchLink(common), false: httpLink(common) })],
  });
}

export type BatonClient = ReturnType<typeof createClient>;

/** The domain error behind a failed call: `{ code, message, details }`, or null for transport failures. */
export function errorOf(e: unknown): ErrorBody | null {
  if (!(e instanceof TRPCClientError)) return null;
  const baton = (e.data as { baton?: ErrorBody } | undefined)?.baton;
  return baton ?? null;
}

export { TRPCClientError };
