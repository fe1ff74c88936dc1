import { ExplainInput, ProgressInput, SearchItemsInput } from '@baton/contracts';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { itemLine } from '../format.ts';
import { documented } from '../param-docs.ts';
import { guarded, ok } from '../result.ts';
import { refField, type ToolContext } from '../tool-context.ts';
import { fencingField, forgetOnLostLease } from './claims.ts';

/** The query language, as the search tool explains it to the model (parse-query.ts in core is the grammar). */
export const QUERY_LANGUAGE = `Query language: terms separated by spaces are ANDed; \`key:a,b\` ORs values; \`-key:x\` negates; other words
and "quoted phrases" match title and description. Keys: is:open|closed|done|assigned|unassigned|public|internal,
status:open|in_progress|done|closed|wont_fix (a status) or status:"In review" (one of the product's named states), type:bug|feature|task|..., priority:critical|high|medium|low
(or priority:>=high), assignee:me|none|<email or name>, reporter:..., label:<name>, milestone:<name>|none,
created:>7d (older than a week), updated:<1d (changed in the last day), due:<7d (due within a week),
sort:priority-desc|created-asc|updated-desc|due-asc|number-desc.
Examples: \`is:open label:api "login page"\`, \`type:bug priority:>=high assignee:none\`, \`status:"In review" updated:>3d\`,
\`-label:wontfix sort:created-asc\`. A malformed query answers BAD_QUERY with the position of the bad term.`;

/** search, show, explain, progress and dependencies: the capabilities beyond the claim cycle. */
export function registerItemTools(server: McpServer, ctx: ToolContext): void {
  server.registerTool(
    'search',
    {
      title: 'Search items',
      description: `Find items with the query language (any status, not only ready work). ${QUERY_LANGUAGE}`,
      inputSchema: documented({
        query: SearchItemsInput.shape.query.describe('a query-language search, e.g. is:open label:api "login page"'),
        cursor: SearchItemsInput.shape.cursor.describe('from the previous page, to read the next'),
        limit: SearchItemsInput.shape.limit.describe('items per page (1-100)'),
      }),
      annotations: { readOnlyHint: true },
    },
    ({ query, ...page }) =>
      guarded(async () => {
        const found = await ctx.agent.items.search(query, page);
        const more = found.nextCursor ? `\n\nMore: pass cursor "${found.nextCursor}".` : '';
        const lines = found.items.map(itemLine);
        return ok(lines.length ? `${lines.length} found:\n${lines.join('\n')}${more}` : 'Nothing matches.', found);
      }),
  );

  server.registerTool(
    'show',
    {
      title: 'Show an item',
      description: 'One item with its fields (status, assignee, labels, description). For everything needed to work on it, use `context`.',
      inputSchema: documented({ ref: refField }),
      annotations: { readOnlyHint: true },
    },
    ({ ref }) =>
      guarded(async () => {
        const item = await ctx.agent.items.get(ref);
        return ok(`${itemLine(item)}\n\n${item.description || '_No description._'}`, item);
      }),
  );

  server.registerTool(
    'explain',
    {
      title: 'Why (not) ready',
      description:
        'Whether an item is in your ready queue and why: each condition that fails (claimed, blocked by BAT-7, assigned to someone else...).',
      inputSchema: documented({ ref: refField, includeAssigned: ExplainInput.shape.includeAssigned }),
      annotations: { readOnlyHint: true },
    },
    ({ ref, includeAssigned }) =>
      guarded(async () => {
        const why = await ctx.agent.items.explain(ref, includeAssigned === undefined ? {} : { includeAssigned });
        return ok(`${ref} is ${why.ready ? 'ready' : 'not ready'}: ${why.reasons.join('; ')}.`, why);
      }),
  );

  server.registerTool(
    'progress',
    {
      title: 'Report progress',
      description:
        'Say how far the work on an item is (percent, stage), with the run usage so far (tokens, cost, time, run id). Shown on the item; kept on your attempt and in its history.',
      inputSchema: documented({
        ref: refField,
        percent: ProgressInput.shape.percent,
        stage: ProgressInput.shape.stage,
        message: ProgressInput.shape.message,
        usage: ProgressInput.shape.usage,
        metadata: ProgressInput.shape.metadata,
        fencingToken: fencingField,
      }),
    },
    ({ ref, fencingToken, ...report }) =>
      guarded(async () => {
        const token = ctx.leases.tokenFor(ref, fencingToken);
        const saved = await forgetOnLostLease(
          ctx,
          ref,
          ctx.agent.items.progress(ref, { ...report, ...(token !== undefined && { fencingToken: token }) }),
        );
        return ok(`Progress on ${ref}: ${saved.percent}% (${saved.stage}).`, saved);
      }),
  );

  server.registerTool(
    'dependencies',
    {
      title: 'Dependencies',
      description:
        'The `blocks` links of an item: what it waits for and what waits for it, with link ids (for remove_dependency). `explain` says whether they still block.',
      inputSchema: documented({ ref: refField }),
      annotations: { readOnlyHint: true },
    },
    ({ ref }) =>
      guarded(async () => {
        const links = await ctx.agent.items.dependencies(ref);
        const lines = links.map(
          (l) => `- ${l.direction === 'outgoing' ? `blocks ${l.item.key}` : `blocked by ${l.item.key}`} (${l.item.status}; link ${l.id})`,
        );
        return ok(lines.length ? lines.join('\n') : `${ref} has no dependencies.`, { links });
      }),
  );

  server.registerTool(
    'add_dependency',
    {
      title: 'Add a dependency',
      description:
        'Make an item wait for another: `ref` is blocked by `blocker` until the blocker is done or closed. A cycle is refused (DEPENDENCY_CYCLE).',
      inputSchema: documented({ ref: refField, blocker: z.string().min(1).max(64).describe('the item it waits for: key (BAT-7) or id') }),
    },
    ({ ref, blocker }) =>
      guarded(async () => {
        const link = await ctx.agent.items.addDependency(ref, blocker);
        return ok(`${ref} now waits for ${blocker} (link ${link.id}).`, link);
      }),
  );

  server.registerTool(
    'remove_dependency',
    {
      title: 'Remove a dependency',
      description: 'Remove a dependency by the link id `dependencies` lists.',
      inputSchema: documented({ ref: refField, linkId: z.string().min(1).max(64).describe('the link id from `dependencies`') }),
    },
    ({ ref, linkId }) =>
      guarded(async () => {
        await ctx.agent.items.removeDependency(ref, linkId);
        return ok(`Removed link ${linkId}.`, { removed: linkId });
      }),
  );
}
