import type { Deps } from '../deps.ts';
import { createSession } from '../auth/sessions.ts';
import { hashToken } from '../auth/tokens.ts';
import { DomainError } from '../errors.ts';
import { DEVICE_LOGIN, type DevicePollResult } from '@baton/contracts';

/** Polls may come this much early (timers, network) before they count as too fast. */
const JITTER_MS = 1_000;

/**
 * The device asks whether its login was approved (RFC 8628 §3.4-3.5). Approved: a new session for the approver,
 * handed out once; asking again is refused. Faster than the interval: slow_down.
 */
export async function pollDeviceLogin(
  deps: Deps,
  deviceCode: string,
  meta: { ip?: string | null; userAgent?: string | null },
): Promise<DevicePollResult> {
  const now = deps.clock();
  const row = await deps.db.deviceCode.findUnique({
    where: { deviceCodeHash: hashToken(deviceCode) },
    select: {
      id: true,
      clientName: true,
      approvedAt: true,
      deniedAt: true,
      consumedAt: true,
      expiresAt: true,
      approvedBy: { select: { id: true, name: true, email: true } },
    },
  });
  if (!row) throw new DomainError('NOT_FOUND', 'Unknown device code; start the login again');
  if (row.consumedAt) throw new DomainError('CONFLICT', 'This device code was already exchanged for a session; start the login again');
  if (row.deniedAt) return { status: 'access_denied' };
  if (row.expiresAt <= now) return { status: 'expired_token' };

  // at most one poll per interval, decided by the database so that concurrent polls cannot both pass
  const earliest = new Date(now.getTime() - DEVICE_LOGIN.intervalSeconds * 1000 + JITTER_MS);
  const { count: onTime } = await deps.db.deviceCode.updateMany({
    where: { id: row.id, OR: [{ lastPolledAt: null }, { lastPolledAt: { lte: earliest } }] },
    data: { lastPolledAt: now },
  });
  if (!onTime) {
    await deps.db.deviceCode.updateMany({ where: { id: row.id }, data: { lastPolledAt: now } });
    return { status: 'slow_down', interval: DEVICE_LOGIN.intervalSeconds + DEVICE_LOGIN.slowDownStepSeconds };
  }
  if (!row.approvedAt || !row.approvedBy) return { status: 'authorization_pending', interval: DEVICE_LOGIN.intervalSeconds };

  // exactly once: only the poll that sets consumedAt gets a session; a concurrent or later one is refused (a crash
  // between the two costs the person a restarted login, never a second session)
  const { count: won } = await deps.db.deviceCode.updateMany({ where: { id: row.id, consumedAt: null }, data: { consumedAt: now } });
  if (!won) throw new DomainError('CONFLICT', 'This device code was already exchanged for a session; start the login again');
  // the approver passed MFA to approve (userProcedure), so the device's session starts verified
  const session = await createSession(deps, row.approvedBy.id, {
    twoFactorVerified: true,
    userAgent: meta.userAgent ? `${row.clientName} (${meta.userAgent})` : row.clientName,
    ip: meta.ip ?? null,
  });
  return { status: 'approved', token: session.token, expiresAt: session.expiresAt, user: row.approvedBy };
}
