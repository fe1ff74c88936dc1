import { randomUUID } from 'node:crypto';
import * as core from '@baton/core';
import type { Deps } from '@baton/core';
import type { Db } from '@baton/db';
import { buildOrg, buildUser, callerAsUser } from './builders.ts';

/** A product with its public board on, and a manager's caller to build and decide items with. */
export async function buildPublicBoard(db: Db, deps: Deps, settings: Record<string, unknown> = {}) {
  const { org, product } = await buildOrg(db);
  await db.product.update({
    where: { id: product.id },
    data: { publicSettings: { enabled: true, types: ['feature', 'bug'], voteLimit: 10, ...settings } },
  });
  const manager = await buildUser(db, org.id, 'manager');
  const { caller } = await callerAsUser(deps, manager);
  /** a public item (number and key) on the board */
  const publicItem = async (title: string, extra: { type?: 'feature' | 'bug' | 'task'; description?: string } = {}) =>
    caller.items.create({
      productId: product.id,
      type: extra.type ?? 'feature',
      title,
      description: extra.description ?? '',
      visibility: 'public',
    });
  return { org, product, manager, caller, publicItem };
}

/** An email that already confirmed its address: its voter token (the confirmed link), written directly. */
export async function verifiedVoter(db: Db, email = `voter-${randomUUID().slice(0, 8)}@example.test`) {
  const token = core.randomToken();
  const now = new Date();
  await db.voterEmail.upsert({ where: { email }, create: { email, verifiedAt: now }, update: { verifiedAt: now } });
  await db.emailVerification.create({
    data: { email, tokenHash: core.hashToken(token), expiresAt: new Date(now.getTime() + 86_400_000), usedAt: now },
  });
  return { email, token };
}

/** A solved proof-of-work challenge from `deps` (keep deps.pow.maxNumber small in tests). */
export const solvedChallenge = (deps: Deps) => core.solveChallenge(core.createChallenge(deps));

/** The token in the newest outbox message to `to` whose text matches `path` (e.g. /verify/). */
export async function linkInOutbox(db: Db, to: string, path: string): Promise<string> {
  const messages = await db.emailMessage.findMany({ where: { to }, orderBy: { createdAt: 'desc' }, select: { text: true } });
  for (const m of messages) {
    const match = new RegExp(`${path}([a-z0-9]+)`).exec(m.text);
    if (match) return match[1]!;
  }
  throw new Error(`no ${path} link mailed to ${to}`);
}
