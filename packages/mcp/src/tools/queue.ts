import { ReadyInput, TakeNextInput } from '@baton/contracts';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { itemLine, leaseLine } from '../format.ts';
import { documented } from '../param-docs.ts';
import { guarded, ok } from '../result.ts';
import type { ToolContext } from '../tool-context.ts';

const { productId: _readyProduct, ...readyShape } = ReadyInput.shape;
const { productId: _nextProduct, ...takeNextShape } = TakeNextInput.shape;

export function registerQueueTools(server: McpServer, ctx: ToolContext): void {
  server.registerTool(
    'ready',
    {
      title: 'Ready work',
      description:
        'List the ready queue: open, unclaimed, unblocked items, best first, each with why it is ready. Filters combine with AND.',
      inputSchema: documented(readyShape),
      annotations: { readOnlyHint: true },
    },
    (args) =>
      guarded(async () => {
        const page = await ctx.agent.items.ready(args);
        const lines = page.items.map(itemLine);
        const more = page.nextCursor ? `\n\nMore: pass cursor "${page.nextCursor}".` : '';
        return ok(lines.length ? `${lines.length} ready:\n${lines.join('\n')}${more}` : 'Nothing is ready.', page);
      }),
  );

  server.registerTool(
    'take_next',
    {
      title: 'Take the next item',
      description: 'Claim the best ready item in one step (same filters as `ready`). The lease is remembered for heartbeat/release/status.',
      inputSchema: documented(takeNextShape),
    },
    (args) =>
      guarded(async () => {
        const taken = await ctx.agent.items.takeNext(args);
        if (!taken) return ok('Nothing is ready to take.', { item: null, lease: null });
        ctx.leases.remember(taken.lease);
        return ok(
          `Took **${taken.item.key}** ${taken.item.title}.\n${leaseLine(taken.lease)}\nNext: call \`context\` for the details.`,
          taken,
        );
      }),
  );
}
