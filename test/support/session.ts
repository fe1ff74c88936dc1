import { createClient, type BatonClient } from '@baton/client';
import { SESSION_COOKIE } from '@baton/contracts';
import { DEMO_USERS } from '@baton/core';
import type { Page } from 'playwright-core';

export const DEMO = Object.fromEntries(DEMO_USERS.map((u) => [u.role, u])) as Record<'owner' | 'manager' | 'developer', (typeof DEMO_USERS)[number]>;

/** Signs a demo user in through the API: a client acting as them, and their session token for a browser. */
export async function signIn(url: string, user: { email: string; password: string }): Promise<{ token: string; client: BatonClient; productId: string }> {
  const { token } = await createClient({ url }).auth.logIn.mutate({ email: user.email, password: user.password });
  const client = createClient({ url, token });
  const me = await client.auth.me.query();
  const product = me.memberships.flatMap((m) => m.products).find((p) => p.key === 'BAT');
  if (!product) throw new Error('the demo product BAT is missing');
  return { token, client, productId: product.id };
}

/** Gives the page's browser profile that session, as if its user had signed in through the form. */
export async function useSession(page: Page, url: string, token: string): Promise<void> {
  await page.context().addCookies([{ name: SESSION_COOKIE, value: token, url, httpOnly: true, sameSite: 'Lax' }]);
}
