import type { Cookies } from '@sveltejs/kit';
import { api } from './api';
import type { ProductRef } from './me';

/** The first-run checklist of a product's dashboard: each step is done when the product shows it is. */
export type FirstRunStep = { id: 'invite' | 'apiKey' | 'vscode' | 'publicBoard'; done: boolean | null };

export const dismissCookie = (productId: string) => `baton_checklist_${productId}`;

/**
 * Shown on the dashboard of a product with no items, until dismissed (a cookie per product). Steps the caller's
 * role cannot read (API keys are for admins) are `null`: shown, never ticked.
 */
export async function firstRunChecklist(cookies: Cookies, product: ProductRef, itemCount: number): Promise<FirstRunStep[] | null> {
  if (itemCount > 0 || cookies.get(dismissCookie(product.id)) === 'dismissed') return null;
  const client = api(cookies);
  const optional = <T>(p: Promise<T>) => p.catch(() => null);
  const [members, keys, board] = await Promise.all([
    optional(client.members.list.query({ organizationId: product.organizationId })),
    optional(client.apiKeys.list.query({ organizationId: product.organizationId })),
    optional(client.roadmapSettings.get.query({ productId: product.id })),
  ]);
  return [
    { id: 'invite', done: members ? members.items.length > 1 : null },
    { id: 'apiKey', done: keys ? keys.some((k) => !k.revokedAt) : null },
    { id: 'vscode', done: null },
    { id: 'publicBoard', done: board ? board.enabled : null },
  ];
}
