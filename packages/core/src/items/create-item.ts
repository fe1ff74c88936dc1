import { CreateItemInput, type Item } from '@baton/contracts';
import type { Prisma } from '@baton/db';
import { requireProductAccess } from '../access/product-access.ts';
import { recordActivity, writeTransaction } from '../activity/record-activity.ts';
import type { Ctx } from '../deps.ts';
import { itemSelect, toItem } from './item-select.ts';
import { ensureLabels } from './labels.ts';
import { validateCustomFieldValues } from '../custom-fields/validate-values.ts';
import { validateItemRefs } from './validate-refs.ts';

export async function createItem(ctx: Ctx, raw: CreateItemInput, extra: { source?: 'internal' | 'auto_detected'; agentMetadata?: Prisma.InputJsonObject } = {}): Promise<Item> {
  const input = CreateItemInput.parse(raw);
  const { product } = await requireProductAccess(ctx, input.productId, 'write');
  const p = ctx.principal;
  return writeTransaction(ctx, async (tx, emit) => {
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
        ...(extra.agentMetadata && { agentMetadata: extra.agentMetadata }),
        customFields: fields.customFields ?? {},
        ...(p.kind === 'user' ? { reporterUserId: p.userId } : { reporterAgentId: p.apiKeyId }),
        labels: { create: labelIds.map((labelId) => ({ labelId })) },
        checklist: { create: checklist.map((text, position) => ({ text, position })) },
        ...(p.kind === 'user' ? { watchers: { create: { userId: p.userId } } } : {}),
      },
      select: itemSelect,
    });
    emit(await recordActivity(ctx, tx, [{ productId, itemId: item.id, action: 'created', after: { title: item.title, type: item.type } }]));
    return toItem(item);
  });
}
