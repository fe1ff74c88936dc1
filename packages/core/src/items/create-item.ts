import { CreateItemInput, type Item, type ItemStatus } from '@baton/contracts';
import type { Prisma } from '@baton/db';
import type { z } from 'zod';
import { requireProductAccess, type ProductAccess } from '../access/product-access.ts';
import { recordActivity, writeTransaction, type ActivityActor } from '../activity/record-activity.ts';
import type { Ctx, Deps, Tx } from '../deps.ts';
import type { ItemEvent } from '../events/bus.ts';
import { itemSelect, toItem } from './item-select.ts';
import { ensureLabels } from './labels.ts';
import { validateCustomFieldValues } from '../custom-fields/validate-values.ts';
import { statusTimestamps } from './transitions.ts';
import { validateItemRefs } from './validate-refs.ts';

export type NewItemExtra = {
  source?: 'internal' | 'auto_detected';
  agentMetadata?: Prisma.InputJsonObject;
  /** an item brought in from another tracker starts in its original's state (core/imports), with the timestamps that state has */
  status?: ItemStatus;
  now?: Date;
  /** who wrote it when that is no member (email in from an outside sender): recorded like a public submitter */
  submitter?: { name: string; email: string };
};

export async function createItem(ctx: Ctx, raw: CreateItemInput, extra: NewItemExtra = {}): Promise<Item> {
  const input = CreateItemInput.parse(raw);
  const { product } = await requireProductAccess(ctx, input.productId, 'write');
  return writeTransaction(ctx, (tx, emit) => insertItem(ctx, tx, emit, product, input, extra));
}

/**
 * The create itself, inside the caller's transaction: createItem for one item, imports for a batch of them, Slack's
 * slash command as the system (no reporter, no watcher: the history names it).
 */
export async function insertItem(
  ctx: Deps & { principal: ActivityActor },
  tx: Tx,
  emit: (events: ItemEvent[]) => void,
  product: ProductAccess['product'],
  input: z.output<typeof CreateItemInput>,
  extra: NewItemExtra = {},
): Promise<Item> {
  const p = ctx.principal;
  await validateItemRefs(tx, product, input);
  await validateCustomFieldValues(tx, product.id, input.customFields);
  // The per-product counter is bumped in the same transaction: concurrent creates get distinct numbers.
  const { nextItemNumber } = await tx.product.update({
    where: { id: product.id },
    data: { nextItemNumber: { increment: 1 } },
    select: { nextItemNumber: true },
  });
  const labelIds = await ensureLabels(tx, product.id, input.labels);
  const { labels: _l, checklist, productId, ...fields } = input;
  const item = await tx.item.create({
    data: {
      ...fields,
      productId,
      number: nextItemNumber - 1,
      source: extra.source ?? 'internal',
      ...(extra.status && { status: extra.status, ...statusTimestamps('open', extra.status, extra.now ?? ctx.clock()) }),
      ...(extra.agentMetadata && { agentMetadata: extra.agentMetadata }),
      customFields: fields.customFields ?? {},
      ...(p.kind === 'user' ? { reporterUserId: p.userId } : p.kind === 'agent' ? { reporterAgentId: p.apiKeyId } : {}),
      ...(extra.submitter && { submitterName: extra.submitter.name, submitterEmail: extra.submitter.email }),
      labels: { create: labelIds.map((labelId) => ({ labelId })) },
      checklist: { create: checklist.map((text, position) => ({ text, position })) },
      ...(p.kind === 'user' ? { watchers: { create: { userId: p.userId } } } : {}),
    },
    select: itemSelect,
  });
  emit(await recordActivity(ctx, tx, [{ productId, itemId: item.id, action: 'created', after: { title: item.title, type: item.type } }]));
  return toItem(item);
}
