import { randomBytes } from 'node:crypto';
import { ConfigureForgeInput, forgeName, forgeWebhookPath, type ConfiguredForge, type Forge, type ForgeIntegration, type ForgeStatusMapping } from '@baton/contracts';
import type { z } from 'zod';
import { requireProductAccess } from '../../access/product-access.ts';
import { recordActivity, writeTransaction } from '../../activity/record-activity.ts';
import type { Ctx } from '../../deps.ts';
import { badField } from '../../errors.ts';

/** What a delivery needs of a product's settings for one forge (the secret stays inside core). */
export type ForgeSettings = { secret: string; statusMapping: ForgeStatusMapping; releaseBranches: string[] };

export const forgeSettingsSelect = { secret: true, secretSetAt: true, statusOnOpen: true, statusOnMerge: true, releaseBranches: true } as const;
type Row = { secret: string; secretSetAt: Date; statusOnOpen: ForgeStatusMapping['opened']; statusOnMerge: ForgeStatusMapping['merged']; releaseBranches: string[] };

export const toForgeSettings = (row: Row): ForgeSettings => ({
  secret: row.secret,
  statusMapping: { opened: row.statusOnOpen, merged: row.statusOnMerge },
  releaseBranches: row.releaseBranches,
});

function toIntegration(forge: Forge, productKey: string, row: Row | null): ForgeIntegration {
  return {
    forge,
    configured: !!row,
    webhookPath: forgeWebhookPath(forge, productKey),
    secretSetAt: row?.secretSetAt ?? null,
    statusMapping: row ? { opened: row.statusOnOpen, merged: row.statusOnMerge } : { opened: 'in_progress', merged: 'done' },
    releaseBranches: row?.releaseBranches ?? [],
  };
}

/** A product's settings for one forge, never the secret: managers and up (they are the ones who paste it in). */
export async function getForgeIntegration(ctx: Ctx, forge: Forge, input: { productId: string }): Promise<ForgeIntegration> {
  const { product } = await requireProductAccess(ctx, input.productId, 'configure');
  const row = await ctx.db.forgeIntegration.findUnique({ where: { productId_forge: { productId: product.id, forge } }, select: forgeSettingsSelect });
  return toIntegration(forge, product.key, row);
}

/**
 * Sets up or changes a product's webhook from one forge. The first call needs a secret (given, or generated); a
 * generated secret is answered this once and never again, so it goes straight into the forge's webhook form.
 * Fields left out keep their value.
 */
export async function configureForgeIntegration(ctx: Ctx, forge: Forge, raw: z.input<typeof ConfigureForgeInput>): Promise<ConfiguredForge> {
  const input = ConfigureForgeInput.parse(raw);
  const { product } = await requireProductAccess(ctx, input.productId, 'configure');
  if (input.secret && input.generateSecret) throw badField('secret', 'give a secret or ask for a generated one, not both');
  const newSecret = input.generateSecret ? randomBytes(24).toString('base64url') : null;
  const secret = newSecret ?? input.secret;
  const where = { productId_forge: { productId: product.id, forge } };
  return writeTransaction(ctx, async (tx, emit) => {
    const existing = await tx.forgeIntegration.findUnique({ where, select: { id: true } });
    if (!existing && !secret) throw badField('secret', `is required to set up ${forgeName[forge]}: give one or ask for a generated one`);
    const data = {
      ...(secret && { secret, secretSetAt: ctx.clock() }),
      ...(input.statusMapping && { statusOnOpen: input.statusMapping.opened, statusOnMerge: input.statusMapping.merged }),
      ...(input.releaseBranches && { releaseBranches: [...new Set(input.releaseBranches)] }),
    };
    const row = existing
      ? await tx.forgeIntegration.update({ where, data, select: forgeSettingsSelect })
      : await tx.forgeIntegration.create({ data: { productId: product.id, forge, secret: secret!, secretSetAt: ctx.clock(), ...data }, select: forgeSettingsSelect });
    const after = toIntegration(forge, product.key, row);
    // the audit log says the secret changed, never what it is
    emit(
      await recordActivity(ctx, tx, [
        {
          productId: product.id,
          itemId: null,
          action: 'integration_configured',
          field: forge,
          after: { secretChanged: !!secret, statusMapping: after.statusMapping, releaseBranches: after.releaseBranches },
        },
      ]),
    );
    return { ...after, newSecret };
  });
}
