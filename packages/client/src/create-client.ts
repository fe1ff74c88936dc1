import type { AppRouter } from '@baton/api';
import { createTRPCClient, httpBatchLink, httpLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { AGENT_HEADER, formatAgentHeader, type AgentIdentity } from '@baton/contracts';
import { EventSource } from 'eventsource';
import superjson from 'superjson';

export type ClientOptions = {
  /** server origin, e.g. http://127.0.0.1:3000 */
  url: string;
  /** an API key (`bat_...`) or a session token */
  token?: string | null;
  /** sent as x-product-id: inputs may then omit productId */
  productId?: string;
  /**
   * which agent this is, sent once per client as the `Baton-Agent` header on every request and recorded on the
   * claims it takes (claim history): `{ name: 'claude-code', version: '1.4.2', model: 'claude-sonnet-4' }`
   */
  agent?: AgentIdentity;
  /** extra headers per request (the web app forwards the client IP) */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
};

/** The typed tRPC client for agents, the CLI, the web app's server side and the VS Code extension. */
export function createClient(opts: ClientOptions) {
  // formatted (and so validated) once: a bad name fails here, not on every request
  const agentHeader = opts.agent ? formatAgentHeader(opts.agent) : null;
  const headers = (): Record<string, string> => ({
    ...(opts.token && { authorization: `Bearer ${opts.token}` }),
    ...(agentHeader && { [AGENT_HEADER]: agentHeader }),
    ...(opts.productId && { 'x-product-id': opts.productId }),
    ...opts.headers,
  });
  const url = `${opts.url.replace(/\/$/, '')}/trpc`;
  const fetchImpl = opts.fetch ?? globalThis.fetch;
  const common = { url, transformer: superjson, headers, ...(opts.fetch && { fetch: opts.fetch }) };
  // Subscriptions over SSE. Node has no EventSource, and a browser's cannot send headers: the `eventsource`
  // package takes a fetch, through which the credentials go (and the Last-Event-ID it sets on reconnects).
  const subscriptions = httpSubscriptionLink({
    url,
    transformer: superjson,
    EventSource,
    eventSourceOptions: () => ({ fetch: (input, init) => fetchImpl(input, { ...init, headers: { ...init.headers, ...headers() } }) }),
  });
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: subscriptions,
        // batch queries (page loads); send mutations alone so one failure never drags others with it
        false: splitLink({ condition: (op) => op.type === 'query', true: httpBatchLink(common), false: httpLink(common) }),
      }),
    ],
  });
}

export type BatonClient = ReturnType<typeof createClient>;
