import type { Readable, Writable } from 'node:stream';
import { createAgentClient, createClient } from '@baton/client';
import type { AgentIdentity } from '@baton/client';
import { formatAgentHeader } from '@baton/contracts';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { McpConfig } from './config.ts';
import { resolveProduct } from './product.ts';
import { createBatonMcpServer } from './server.ts';

export type RunMcpServerOptions = {
  /** Baton's origin, e.g. http://127.0.0.1:3000 */
  url: string;
  /** an API key (bat_...) or a session token */
  token: string;
  /** a product key (BAT) or id */
  productId: string;
  /** which agent this is (sent as Baton-Agent, recorded on its claims); a string is read as the header's form */
  agent?: AgentIdentity | string | undefined;
  /** defaults to the process's stdin/stdout (stdout carries the protocol: never log to it) */
  stdin?: Readable;
  stdout?: Writable;
};

/**
 * Serves Baton's tools over stdio until the client goes away (stdin ends). Used by the `baton-mcp` bin and by
 * `baton mcp`. Fails before serving when the configuration is bad or the product is not visible to the token.
 */
export async function runMcpServer(opts: RunMcpServerOptions): Promise<void> {
  const config = McpConfig.parse({
    url: opts.url,
    token: opts.token,
    productId: opts.productId,
    agent: typeof opts.agent === 'object' ? formatAgentHeader(opts.agent) : opts.agent,
  });
  const who = config.agent ? { agent: config.agent } : {};
  const productId = await resolveProduct(createClient({ url: config.url, token: config.token, ...who }), config.productId);
  const server = createBatonMcpServer({ agent: createAgentClient({ url: config.url, token: config.token, productId, ...who }) });
  const stdin = opts.stdin ?? process.stdin;
  const transport = new StdioServerTransport(stdin, opts.stdout ?? process.stdout);
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
  });
  // the stdio transport does not notice the client going away by itself
  const end = () => void server.close();
  stdin.once('end', end);
  stdin.once('close', end);
  await server.connect(transport);
  await closed;
}
