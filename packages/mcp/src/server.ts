import type { AgentClient } from '@baton/client';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { LeaseBook } from './leases.ts';
import type { ToolContext } from './tool-context.ts';
import { registerAttemptsTool } from './tools/attempts.ts';
import { registerCheckTool } from './tools/check.ts';
import { registerClaimTools } from './tools/claims.ts';
import { registerCreateTool } from './tools/create.ts';
import { registerItemTools } from './tools/items.ts';
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
  'search',
  'show',
  'explain',
  'progress',
  'dependencies',
  'add_dependency',
  'remove_dependency',
  'attempts',
] as const;

const INSTRUCTIONS = `Baton tracks this project's work. Typical loop: \`ready\` (or \`take_next\` to claim the best item at once),
\`claim\`, \`context\`, do the work while calling \`heartbeat\` before the lease ends, \`check\` acceptance criteria,
\`link_pr\`, then \`status\` done with evidence; \`progress\` reports how far you are (and the run's tokens and cost).
\`release\` gives an item back. Send \`usage\` with progress, status and release: it is kept on your attempt (\`attempts\` lists them). \`create\` files bugs you find. \`search\` finds any item with the query language;
\`show\`, \`explain\` (why an item is or is not ready) and \`dependencies\` (add_dependency, remove_dependency) inspect one.
Errors come back as tool errors starting with a code (CLAIM_CONFLICT, LEASE_EXPIRED, NOT_FOUND, ...);
IN_PROGRESS means the same write is still running on the server: call the tool again in a second.`;

/** An MCP server with Baton's agent tools, bound to one agent client (and so one product). Transport-agnostic. */
export function createBatonMcpServer(opts: { agent: AgentClient; leases?: LeaseBook }): McpServer {
  const server = new McpServer({ name: 'baton', version: '1.0.0' }, { instructions: INSTRUCTIONS });
  const ctx: ToolContext = { agent: opts.agent, leases: opts.leases ?? new LeaseBook() };
  registerQueueTools(server, ctx);
  registerClaimTools(server, ctx);
  registerWorkTools(server, ctx);
  registerCheckTool(server, ctx);
  registerCreateTool(server, ctx);
  registerItemTools(server, ctx);
  registerAttemptsTool(server, ctx);
  return server;
}
