import type { Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { describeDeviceRequest, deviceRequestSelect } from './device-request.ts';
import type { DeviceRequest } from '@baton/contracts';

/** A signed-in person (who has passed MFA) lets the device behind `userCode` sign in as them. */
export const approveDeviceLogin = (deps: Deps, userId: string, userCode: string) => decide(deps, userId, userCode, 'approve');

/** A signed-in person refuses the device behind `userCode`; its next poll hears access_denied. */
export const denyDeviceLogin = (deps: Deps, userId: string, userCode: string) => decide(deps, userId, userCode, 'deny');

async function decide(deps: Deps, userId: string, userCode: string, verdict: 'approve' | 'deny'): Promise<DeviceRequest> {
  const now = deps.clock();
  // conditional update: of two racing verdicts exactly one lands, and an expired request takes none
  const { count } = await deps.db.deviceCode.updateMany({
    where: { userCode, approvedAt: null, deniedAt: null, expiresAt: { gt: now } },
    data: verdict === 'approve' ? { approvedById: userId, approvedAt: now } : { deniedAt: now },
  });
  const row = await deps.db.deviceCode.findUnique({ where: { userCode }, select: deviceRequestSelect });
  if (!row) throw new DomainError('NOT_FOUND', `No login is waiting for code ${userCode}; check the code on your device`);
  const request = describeDeviceRequest(row, now);
  if (count === 1) return request;
  // the same person pressing the same button twice (a double submit, a reload) gets the same answer
  if (verdict === 'approve' && row.approvedById === userId && (request.status === 'approved' || request.status === 'used')) return request;
  if (verdict === 'deny' && request.status === 'denied') return request;
  if (request.status === 'expired') throw new DomainError('CONFLICT', 'This code has expired; start the login again on your device');
  throw new DomainError('CONFLICT', `This login request was already ${request.status === 'denied' ? 'denied' : 'approved'}`);
}
