import type { AgentClient } from '@baton/client';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { LeaseBook } from './leases.ts';
import type { ToolContext } from './tool-context.ts';
import { registerCheckTool } from './tools/check.ts';
import { registerClaimTools } from './tools/claims.ts';
import { registerCreateTool } from './tools/create.ts';
import { registerQueueTools } from './tools/queue.ts';
import { registerWorkTools } from './tools/work.ts';

export const TOOL_NAMES = [
  'ready',
  'take_next',
  'claim',
  'heartbeat',
  'release',
  'context',
  'status',
  'comment',
  'check',
  'link_pr',
  'create',
] as const;

const INSTRUCTIONS = `Baton tracks this project's work. Typical loop: \`ready\` (or \`take_next\` to claim the best item at once),
\`claim\`, \`context\`, do the work while calling \`heartbeat\` before the lease ends, \`check\` acceptance criteria,
\`link_pr\`, then \`status\` done with evidence. \`release\` gives an item back. \`create\` files bugs you find.
Errors come back as tool errors starting with a code (CLAIM_CONFLICT, LEASE_EXPIRED, NOT_FOUND, ...).`;

/** An MCP server with Baton's agent tools, bound to one agent client (and so one product). Transport-agnostic. */
export function createBatonMcpServer(opts: { agent: AgentClient; leases?: LeaseBook }): McpServer {
  const server = new McpServer({ name: 'baton', version: '1.0.0' }, { instructions: INSTRUCTIONS });
  const ctx: ToolContext = { agent: opts.agent, leases: opts.leases ?? new LeaseBook() };
  registerQueueTools(server, ctx);
  registerClaimTools(server, ctx);
  registerWorkTools(server, ctx);
  registerCheckTool(server, ctx);
  registerCreateTool(server, ctx);
  return server;
}
