import { UpdatePublicSettingsInput, type PublicSettings } from '@baton/contracts';
import type { z } from 'zod';
import { requireProductAccess } from '../access/product-access.ts';
import type { Ctx } from '../deps.ts';
import { readPublicSettings } from './public-product.ts';

export async function getPublicSettings(ctx: Ctx, input: { productId: string }): Promise<PublicSettings> {
  await requireProductAccess(ctx, input.productId, 'read');
  const row = await ctx.db.product.findUniqueOrThrow({ where: { id: input.productId }, select: { publicSettings: true } });
  return readPublicSettings(row.publicSettings);
}

/** Turns the public board on or off and sets what it shows (managers and up; admin keys). */
export async function updatePublicSettings(ctx: Ctx, raw: z.input<typeof UpdatePublicSettingsInput>): Promise<PublicSettings> {
  const { productId, ...patch } = UpdatePublicSettingsInput.parse(raw);
  await requireProductAccess(ctx, productId, 'configure');
  return ctx.db.$transaction(async (tx) => {
    const row = await tx.product.findUniqueOrThrow({ where: { id: productId }, select: { publicSettings: true } });
    const next = {
      ...readPublicSettings(row.publicSettings),
      ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    } as PublicSettings;
    if (next.types) next.types = [...new Set(next.types)];
    await tx.product.update({ where: { id: productId }, data: { publicSettings: next } });
    return next;
  });
}
