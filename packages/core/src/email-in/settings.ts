import { EmailInSettings, UpdateEmailInSettingsInput, type EmailInSettingsView } from '@baton/contracts';
import type { z } from 'zod';
import { requireProductAccess } from '../access/product-access.ts';
import type { Ctx, Deps } from '../deps.ts';

/** Stored settings, with defaults for what an older row lacks (a row that no longer parses reads as off). */
export function readEmailInSettings(raw: unknown): EmailInSettings {
  const parsed = EmailInSettings.safeParse(raw ?? {});
  return parsed.success ? parsed.data : EmailInSettings.parse({});
}

/** Where mail to a product goes: `key@SMTP_IN_DOMAIN`, or null while the server runs no listener. */
export const emailInAddress = (deps: Pick<Deps, 'emailInDomain'>, productKey: string): string | null =>
  deps.emailInDomain ? `${productKey.toLowerCase()}@${deps.emailInDomain}` : null;

/** The allowlist names senders' addresses: managers and up (admin keys) read and change it. */
export async function getEmailInSettings(ctx: Ctx, input: { productId: string }): Promise<EmailInSettingsView> {
  const { product } = await requireProductAccess(ctx, input.productId, 'configure', { allowArchived: true });
  const row = await ctx.db.product.findUniqueOrThrow({ where: { id: product.id }, select: { emailInSettings: true } });
  return { ...readEmailInSettings(row.emailInSettings), address: emailInAddress(ctx, product.key) };
}

export async function updateEmailInSettings(ctx: Ctx, raw: z.input<typeof UpdateEmailInSettingsInput>): Promise<EmailInSettingsView> {
  const { productId, ...patch } = UpdateEmailInSettingsInput.parse(raw);
  const { product } = await requireProductAccess(ctx, productId, 'configure');
  const next = await ctx.db.$transaction(async (tx) => {
    const row = await tx.product.findUniqueOrThrow({ where: { id: productId }, select: { emailInSettings: true } });
    const merged: EmailInSettings = { ...readEmailInSettings(row.emailInSettings), ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    merged.allowlist = [...new Set(merged.allowlist)];
    await tx.product.update({ where: { id: productId }, data: { emailInSettings: merged } });
    return merged;
  });
  return { ...next, address: emailInAddress(ctx, product.key) };
}
