import type { Deps } from '../deps.ts';
import { readEmailInSettings } from './settings.ts';

/** An empty allowlist lets anyone write; otherwise the address itself or its `@domain` must be on it. */
export function senderAllowed(allowlist: readonly string[], address: string): boolean {
  if (allowlist.length === 0) return true;
  const a = address.trim().toLowerCase();
  const domain = a.slice(a.lastIndexOf('@'));
  return allowlist.some((rule) => rule === a || (rule.startsWith('@') && rule === domain));
}

export type EmailInProduct = { id: string; key: string; name: string; organizationId: string; allowlist: string[] };

/**
 * The product mail to `key@domain` is for: its current key, email in turned on, not archived. Keys are unique per
 * organization only, so a key that two organizations turned email in on for answers nothing rather than guess.
 */
export async function findEmailInProduct(deps: Pick<Deps, 'db'>, key: string): Promise<EmailInProduct | null> {
  const rows = await deps.db.product.findMany({
    where: { key: key.toUpperCase(), archivedAt: null },
    select: { id: true, key: true, name: true, organizationId: true, emailInSettings: true },
    take: 20,
  });
  const on = rows.flatMap(({ emailInSettings, ...p }) => {
    const s = readEmailInSettings(emailInSettings);
    return s.enabled ? [{ ...p, allowlist: s.allowlist }] : [];
  });
  return on.length === 1 ? on[0]! : null;
}
