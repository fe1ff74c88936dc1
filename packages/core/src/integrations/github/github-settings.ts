import { randomBytes } from 'node:crypto';
import { ConfigureGithubInput, githubWebhookPath, type ConfiguredGithub, type GithubIntegration, type GithubStatusMapping } from '@baton/contracts';
import type { z } from 'zod';
import { requireProductAccess } from '../../access/product-access.ts';
import { recordActivity, writeTransaction } from '../../activity/record-activity.ts';
import type { Ctx } from '../../deps.ts';
import { badField } from '../../errors.ts';

/** What a delivery needs of a product's GitHub settings (the secret stays inside core). */
export type GithubSettings = { secret: string; statusMapping: GithubStatusMapping; releaseBranches: string[] };

export const githubSettingsSelect = { secret: true, secretSetAt: true, statusOnOpen: true, statusOnMerge: true, releaseBranches: true } as const;
type Row = { secret: string; secretSetAt: Date; statusOnOpen: GithubStatusMapping['opened']; statusOnMerge: GithubStatusMapping['merged']; releaseBranches: string[] };

export const toGithubSettings = (row: Row): GithubSettings => ({
  secret: row.secret,
  statusMapping: { opened: row.statusOnOpen, merged: row.statusOnMerge },
  releaseBranches: row.releaseBranches,
});

function toIntegration(productKey: string, row: Row | null): GithubIntegration {
  return {
    configured: !!row,
    webhookPath: githubWebhookPath(productKey),
    secretSetAt: row?.secretSetAt ?? null,
    statusMapping: row ? { opened: row.statusOnOpen, merged: row.statusOnMerge } : { opened: 'in_progress', merged: 'done' },
    releaseBranches: row?.releaseBranches ?? [],
  };
}

/** A product's GitHub settings, never the secret: managers and up (they are the ones who paste it into GitHub). */
export async function getGithubIntegration(ctx: Ctx, input: { productId: string }): Promise<GithubIntegration> {
  const { product } = await requireProductAccess(ctx, input.productId, 'configure');
  const row = await ctx.db.githubIntegration.findUnique({ where: { productId: product.id }, select: githubSettingsSelect });
  return toIntegration(product.key, row);
}

/**
 * Sets up or changes a product's GitHub webhook. The first call needs a secret (given, or generated); a generated
 * secret is answered this once and never again, so it goes straight into GitHub's webhook form. Fields left out
 * keep their value.
 */
export async function configureGithubIntegration(ctx: Ctx, raw: z.input<typeof ConfigureGithubInput>): Promise<ConfiguredGithub> {
  const input = ConfigureGithubInput.parse(raw);
  const { product } = await requireProductAccess(ctx, input.productId, 'configure');
  if (input.secret && input.generateSecret) throw badField('secret', 'give a secret or ask for a generated one, not both');
  const newSecret = input.generateSecret ? randomBytes(24).toString('base64url') : null;
  const secret = newSecret ?? input.secret;
  return writeTransaction(ctx, async (tx, emit) => {
    const existing = await tx.githubIntegration.findUnique({ where: { productId: product.id }, select: { id: true } });
    if (!existing && !secret) throw badField('secret', 'is required to set up GitHub: give one or ask for a generated one');
    const data = {
      ...(secret && { secret, secretSetAt: ctx.clock() }),
      ...(input.statusMapping && { statusOnOpen: input.statusMapping.opened, statusOnMerge: input.statusMapping.merged }),
      ...(input.releaseBranches && { releaseBranches: [...new Set(input.releaseBranches)] }),
    };
    const row = existing
      ? await tx.githubIntegration.update({ where: { productId: product.id }, data, select: githubSettingsSelect })
      : await tx.githubIntegration.create({ data: { productId: product.id, secret: secret!, secretSetAt: ctx.clock(), ...data }, select: githubSettingsSelect });
    const after = toIntegration(product.key, row);
    // the audit log says the secret changed, never what it is
    emit(
      await recordActivity(ctx, tx, [
        {
          productId: product.id,
          itemId: null,
          action: 'integration_configured',
          field: 'github',
          after: { secretChanged: !!secret, statusMapping: after.statusMapping, releaseBranches: after.releaseBranches },
        },
      ]),
    );
    return { ...after, newSecret };
  });
}
