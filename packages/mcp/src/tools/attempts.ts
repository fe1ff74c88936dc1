import { AttemptsInput, type Attempt } from '@baton/contracts';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { documented } from '../param-docs.ts';
import { guarded, ok } from '../result.ts';
import { refField, type ToolContext } from '../tool-context.ts';

function attemptLine(a: Attempt): string {
  const who = a.agent ? `${a.agent.name}${a.agent.model ? ` (${a.agent.model})` : ''}` : (a.holder?.name ?? 'someone');
  const last = a.progress.at(-1);
  const cost = a.usage?.cost ? `, ${a.usage.cost.amount} ${a.usage.cost.currency}` : '';
  return `- #${a.number} ${who}: ${a.outcome}${a.endNote ? ` (${a.endNote})` : ''}${last ? `, last at ${last.percent}% ${last.stage}` : ''}${cost}`;
}

/** An item's attempts: what was tried before, by whom, how it ended and what it cost (docs/attempts.md). */
export function registerAttemptsTool(server: McpServer, ctx: ToolContext): void {
  server.registerTool(
    'attempts',
    {
      title: 'Attempts at an item',
      description:
        'Every attempt (claim) at an item, oldest first: who, how it ended (completed, released with reason, expired, lost), progress reports, evidence, PRs and usage, with totals. Read it before retrying work others gave up on.',
      inputSchema: documented({ ref: refField, cursor: AttemptsInput.shape.cursor, limit: AttemptsInput.shape.limit }),
      annotations: { readOnlyHint: true },
    },
    ({ ref, ...page }) =>
      guarded(async () => {
        const found = await ctx.agent.items.attempts(ref, page);
        const t = found.totals;
        const costs = t.cost.map((c) => `${c.amount} ${c.currency}`).join(', ');
        const more = found.nextCursor ? `\n\nMore: pass cursor "${found.nextCursor}".` : '';
        const head = `${t.attempts} attempts, ${t.completed} completed; ${t.inputTokens} in / ${t.outputTokens} out tokens${costs ? `, ${costs}` : ''}.`;
        return ok([head, ...found.items.map(attemptLine)].join('\n') + more, found);
      }),
  );
}
