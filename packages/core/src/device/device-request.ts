import type { Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import type { DeviceRequest } from '@baton/contracts';

export const deviceRequestSelect = {
  id: true,
  userCode: true,
  clientName: true,
  approvedById: true,
  approvedAt: true,
  deniedAt: true,
  consumedAt: true,
  expiresAt: true,
  lastPolledAt: true,
  createdAt: true,
} as const;

type Row = {
  userCode: string;
  clientName: string;
  approvedAt: Date | null;
  deniedAt: Date | null;
  consumedAt: Date | null;
  expiresAt: Date;
  createdAt: Date;
};

/** What the approval page shows: the request and where it stands. */
export function describeDeviceRequest(row: Row, now: Date): DeviceRequest {
  const status = row.consumedAt
    ? 'used'
    : row.deniedAt
      ? 'denied'
      : row.approvedAt
        ? 'approved'
        : row.expiresAt <= now
          ? 'expired'
          : 'pending';
  return { userCode: row.userCode, clientName: row.clientName, status, createdAt: row.createdAt, expiresAt: row.expiresAt };
}

/** The request behind a user code (already normalized by UserCode), for the approval page. */
export async function findDeviceRequest(deps: Deps, userCode: string): Promise<DeviceRequest> {
  const row = await deps.db.deviceCode.findUnique({ where: { userCode }, select: deviceRequestSelect });
  if (!row) throw new DomainError('NOT_FOUND', `No login is waiting for code ${userCode}; check the code on your device`);
  return describeDeviceRequest(row, deps.clock());
}
