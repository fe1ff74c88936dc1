import { cached, changingAccess } from '../access/access-cache.ts';
import type { Deps } from '../deps.ts';
import { hashToken, randomToken } from './tokens.ts';

const DAY = 86_400_000;
export const SESSION_DAYS = 30;

export type SessionUser = { sessionId: string; userId: string; email: string; name: string; twoFactorVerified: boolean; mfaEnabled: boolean; expiresAt: Date };

/** Creates a session; only the SHA-256 of the token is stored, the token goes to the cookie. */
export async function createSession(deps: Deps, userId: string, meta: { twoFactorVerified: boolean; userAgent?: string | null; ip?: string | null }) {
  const token = randomToken();
  const expiresAt = new Date(deps.clock().getTime() + SESSION_DAYS * DAY);
  await deps.db.session.create({
    data: { id: hashToken(token), userId, expiresAt, twoFactorVerified: meta.twoFactorVerified, userAgent: meta.userAgent?.slice(0, 300) ?? null, ip: meta.ip ?? null },
  });
  return { token, expiresAt };
}

/** Validates a token with sliding expiry: past half its life, the session is extended. */
export async function validateSession(deps: Deps, token: string): Promise<SessionUser | null> {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  const id = hashToken(token);
  // expiry is checked below on every request, cached row or not
  const row = await cached(deps, `session:${id}`, () =>
    deps.db.session.findUnique({
      where: { id },
      select: { id: true, expiresAt: true, twoFactorVerified: true, user: { select: { id: true, email: true, name: true, totpEnabledAt: true } } },
    }),
  );
  if (!row) return null;
  const now = deps.clock().getTime();
  if (row.expiresAt.getTime() <= now) {
    await changingAccess(deps, deps.db.session.deleteMany({ where: { id } }));
    return null;
  }
  let expiresAt = row.expiresAt;
  if (row.expiresAt.getTime() - now < (SESSION_DAYS / 2) * DAY) {
    expiresAt = new Date(now + SESSION_DAYS * DAY);
    await changingAccess(deps, deps.db.session.update({ where: { id }, data: { expiresAt } }));
  }
  return {
    sessionId: row.id,
    userId: row.user.id,
    email: row.user.email,
    name: row.user.name,
    twoFactorVerified: row.twoFactorVerified,
    mfaEnabled: row.user.totpEnabledAt !== null,
    expiresAt,
  };
}

export async function invalidateSession(deps: Deps, sessionId: string): Promise<void> {
  await changingAccess(deps, deps.db.session.deleteMany({ where: { id: sessionId } }));
}

export async function listSessions(deps: Deps, userId: string, currentSessionId: string | null) {
  const rows = await deps.db.session.findMany({
    where: { userId, expiresAt: { gt: deps.clock() } },
    orderBy: { createdAt: 'desc' },
    take: 100,
    select: { id: true, userAgent: true, ip: true, createdAt: true, expiresAt: true },
  });
  // session ids are token hashes: expose a short handle, never the full hash
  return rows.map((r) => ({ ...r, id: r.id.slice(0, 16), current: r.id === currentSessionId }));
}

/** Revokes one of the user's own sessions by the handle listSessions returned. */
export async function revokeSession(deps: Deps, userId: string, handle: string): Promise<{ revoked: number }> {
  if (!/^[0-9a-f]{16}$/.test(handle)) return { revoked: 0 };
  const { count } = await changingAccess(deps, deps.db.session.deleteMany({ where: { userId, id: { startsWith: handle } } }));
  return { revoked: count };
}
