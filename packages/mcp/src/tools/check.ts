import type { ChecklistEntry } from '@baton/contracts';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { documented } from '../param-docs.ts';
import { guarded, ok, ToolFailure } from '../result.ts';
import { refField, type ToolContext } from '../tool-context.ts';

/**
 * The entry an agent means: by 1-based position in the list as shown, or by its text (exact match first,
 * ignoring case and surrounding space, then a single entry containing it). Ambiguity is an error, not a guess.
 */
export function pickEntry(entries: ChecklistEntry[], by: { index?: number | undefined; text?: string | undefined }): ChecklistEntry {
  const ordered = [...entries].sort((a, b) => a.position - b.position);
  if (by.index !== undefined) {
    const entry = ordered[by.index - 1];
    if (!entry) throw new ToolFailure('NOT_FOUND', `There is no criterion ${by.index}; the item has ${ordered.length}`);
    return entry;
  }
  const want = (by.text ?? '').trim().toLowerCase();
  if (!want)
    throw new ToolFailure('BAD_INPUT', 'Pass index (1-based) or text', {
      issues: [{ path: ['index'], message: 'index or text is required' }],
    });
  const exact = ordered.filter((e) => e.text.trim().toLowerCase() === want);
  const matches = exact.length ? exact : ordered.filter((e) => e.text.toLowerCase().includes(want));
  if (matches.length === 1) return matches[0]!;
  if (!matches.length) throw new ToolFailure('NOT_FOUND', `No criterion matches "${by.text}"`, { criteria: ordered.map((e) => e.text) });
  throw new ToolFailure('BAD_INPUT', `"${by.text}" matches ${matches.length} criteria; be more specific or pass index`, {
    matches: matches.map((e) => e.text),
  });
}

export function registerCheckTool(server: McpServer, ctx: ToolContext): void {
  server.registerTool(
    'check',
    {
      title: 'Tick an acceptance criterion',
      description:
        'Mark an acceptance criterion (checklist entry) done, or not done with done=false. Name it by 1-based index or by its text.',
      inputSchema: documented({
        ref: refField,
        index: z.number().int().min(1).optional().describe('1-based position in the acceptance criteria'),
        text: z.string().trim().min(1).max(500).optional().describe('the criterion text, or a unique part of it'),
        done: z.boolean().default(true),
      }),
    },
    ({ ref, index, text, done }) =>
      guarded(async () => {
        const { trpc, productId } = ctx.agent;
        // no helper for checklists: the typed client underneath
        const entries = await trpc.items.checklist.list.query({ productId, ref });
        const entry = pickEntry(entries, { index, text });
        const updated = await trpc.items.checklist.set.mutate({ productId, ref, entryId: entry.id, done });
        const doneCount = entries.filter((e) => (e.id === updated.id ? updated.done : e.done)).length;
        return ok(`${updated.done ? 'Checked' : 'Unchecked'} "${updated.text}" on ${ref} (${doneCount}/${entries.length} done).`, updated);
      }),
  );
}
