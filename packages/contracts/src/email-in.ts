import { z } from 'zod';
import { token } from './text.ts';
import { Id } from './common.ts';

/**
 * A sender rule of the email-in allowlist: one address (`ann@example.com`) or a whole domain (`@example.com`).
 * Stored lower-case, as mail addresses compare in practice.
 */
export const EmailInSender = token()
  .trim()
  .toLowerCase()
  .pipe(z.string().max(254).regex(/^([^\s@<>()",;]+@|@)[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'must be an email address or @domain'));

/** Per-product email-in settings (stored in Product.emailInSettings; docs/email-in.md). */
export const EmailInSettings = z.object({
  enabled: z.boolean().default(false),
  /** empty: anyone may write (rate-limited); otherwise only these senders */
  allowlist: z.array(EmailInSender).max(200, 'has more than 200 entries').default([]),
});
export type EmailInSettings = z.infer<typeof EmailInSettings>;

/** The settings with the address to write to: null while the server has no SMTP_IN_DOMAIN or the listener is off. */
export const EmailInSettingsView = EmailInSettings.extend({ address: z.string().nullable() });
export type EmailInSettingsView = z.infer<typeof EmailInSettingsView>;

export const UpdateEmailInSettingsInput = z.strictObject({ ...EmailInSettings.partial().shape, productId: Id });
export type UpdateEmailInSettingsInput = z.input<typeof UpdateEmailInSettingsInput>;
