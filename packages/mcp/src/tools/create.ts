import { AgentMetadata, CreateItemInput } from '@baton/contracts';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { documented } from '../param-docs.ts';
import { guarded, ok } from '../result.ts';
import type { ToolContext } from '../tool-context.ts';

const s = CreateItemInput.shape;

export function registerCreateTool(server: McpServer, ctx: ToolContext): void {
  server.registerTool(
    'create',
    {
      title: 'Create an item',
      description:
        'File a new item (a bug found while working, a follow-up task). Set autoDetected for failures found by tooling (test runs, CI): ' +
        'the item is then marked auto_detected and may carry metadata.',
      inputSchema: documented({
        type: s.type,
        title: s.title,
        description: s.description,
        priority: s.priority,
        labels: s.labels,
        checklist: s.checklist.describe('acceptance criteria'),
        stepsToReproduce: s.stepsToReproduce,
        expected: s.expected,
        actual: s.actual,
        environment: s.environment,
        affectedVersion: s.affectedVersion,
        parentId: s.parentId,
        autoDetected: z.boolean().default(false),
        metadata: AgentMetadata.optional().describe('free JSON for auto-detected items: failing test, build URL, log excerpt'),
      }),
    },
    ({ autoDetected, metadata, ...fields }) =>
      guarded(async () => {
        const item =
          autoDetected || metadata
            ? // agent.report has no helper: the typed client underneath
              await ctx.agent.trpc.agent.report.mutate({ ...fields, productId: ctx.agent.productId, ...(metadata && { metadata }) })
            : await ctx.agent.items.create(fields);
        return ok(
          `Created **${item.key}** ${item.title} (${item.type}, ${item.priority}${item.source === 'auto_detected' ? ', auto-detected' : ''}).`,
          item,
        );
      }),
  );
}
