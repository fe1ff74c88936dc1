import { ReportItemInput, type Item } from '@baton/contracts';
import type { Ctx } from '../deps.ts';
import { createItem } from '../items/create-item.ts';
import { toJsonMetadata } from './agent-metadata.ts';

/** Creates an `auto_detected` item; `metadata` is kept in Item.agentMetadata.metadata for the agents that read it. */
export async function reportItem(ctx: Ctx, raw: ReportItemInput): Promise<Item> {
  const { metadata, ...fields } = ReportItemInput.parse(raw);
  const agentMetadata = metadata ? { metadata: toJsonMetadata(metadata, 'metadata') } : undefined;
  return createItem(ctx, fields, { source: 'auto_detected', ...(agentMetadata && { agentMetadata }) });
}
