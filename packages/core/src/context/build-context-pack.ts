import { ContextInput, type ContextPack } from '@baton/contracts';
import type { z } from 'zod';
import type { Ctx } from '../deps.ts';
import { loadContextPackData } from './load-context-pack-data.ts';
import { renderContextPack } from './render-context-pack.ts';

/** An item as markdown for an LLM prompt, within `budget` characters (see renderContextPack for what gives way). */
export async function buildContextPack(ctx: Ctx, raw: z.input<typeof ContextInput>): Promise<ContextPack> {
  const input = ContextInput.parse(raw);
  return renderContextPack(await loadContextPackData(ctx, input), input.budget);
}
