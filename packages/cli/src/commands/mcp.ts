import { runMcpServer } from '@baton/mcp';
import { defineCommand } from './command.ts';

export const mcp = defineCommand({
  name: 'mcp',
  args: [],
  summary: 'Serve Baton as an MCP server on stdio (for Claude Code and other MCP clients), with this configuration.',
  options: {},
  async run(s) {
    if (!s.config.token) throw s.missingToken();
    const product = await s.product();
    // stdout carries the protocol from here on: nothing else may be printed to it
    await runMcpServer({ url: s.url, token: s.config.token.value, productId: product.id, agent: s.agent });
  },
});
