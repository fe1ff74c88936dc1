import * as core from '@baton/core';
import type { Ctx } from '@baton/core';
import { signIn, type Page } from './browser.ts';
import { DEMO } from './session.ts';

type Server = () => { url: string; db: Ctx['db'] };

/**
 * What the item page's journeys share: a core context acting as a demo user (to arrange data and check what the
 * server stored), a fresh item in BAT, and the item page opened signed in.
 */
export function itemPageHelpers(server: Server) {
  let product: { id: string; key: string } | undefined;
  async function as(email: string): Promise<Ctx & { productId: string }> {
    const db = server().db;
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    product ??= await db.product.findFirstOrThrow({ where: { key: 'BAT' }, select: { id: true, key: true } });
    return { db, clock: () => new Date(), bus: core.createInProcessBus(), principal: { kind: 'user', userId: user.id, name: user.name, email, sessionId: null }, productId: product.id };
  }
  async function freshItem(title: string, extra: Partial<Parameters<typeof core.createItem>[1]> = {}) {
    const pm = await as(DEMO.manager.email);
    return core.createItem(pm, { productId: pm.productId, type: 'bug', title, ...extra });
  }
  const stored = async (key: string) => {
    const pm = await as(DEMO.manager.email);
    return core.getItem(pm, { productId: pm.productId, ref: key });
  };
  async function openItem(page: Page, key: string, email = DEMO.manager.email, password = DEMO.manager.password) {
    await signIn(page, server().url, email, password);
    await page.goto(`${server().url}/p/BAT/items/${key}`);
    await page.getByRole('heading', { name: 'Description' }).waitFor();
  }
  /** BAT's id, known once `as` has run (arguments are evaluated in order: `f(await as(e), { productId: productId() })`) */
  const productId = () => product!.id;
  return { as, freshItem, stored, openItem, productId };
}

/**
 * Waits until no field of the item page is still saving (InlineField marks its form `.pending` until the save's
 * answer has been taken in and the page re-rendered). The server may hold a value before the page has reloaded;
 * typing into the next field then would be overwritten by that reload.
 */
export async function inlineSavesDone(page: Page) {
  await page.waitForFunction(() => document.querySelectorAll('form.prop.pending').length === 0, undefined, { timeout: 10_000 });
}
