import type { Deps } from '../deps.ts';
import { hashToken, randomToken } from '../auth/tokens.ts';
import { DEVICE_LOGIN, type DeviceAuthorization, type DeviceStartInput } from '@baton/contracts';
import { generateUserCode } from './user-code.ts';

const DAY = 86_400_000;
/** The page where people approve device logins (web/src/routes/device). */
const VERIFICATION_PATH = '/device';

/**
 * Starts a device login: the device keeps `deviceCode` (stored only as its SHA-256) and shows `userCode`, which a
 * signed-in person approves on /device.
 */
export async function startDeviceLogin(deps: Deps, input: DeviceStartInput, where: { origin?: string | null } = {}): Promise<DeviceAuthorization> {
  const page = `${where.origin ?? ''}${VERIFICATION_PATH}`;
  const now = deps.clock().getTime();
  // expired requests stay a day (so a late poll hears "expired", not "unknown"), then go; the expiresAt index serves this
  await deps.db.deviceCode.deleteMany({ where: { expiresAt: { lt: new Date(now - DAY) } } });
  const deviceCode = randomToken();
  const expiresAt = new Date(now + DEVICE_LOGIN.expiresInSeconds * 1000);
  for (let attempt = 1; ; attempt++) {
    const userCode = generateUserCode();
    try {
      await deps.db.deviceCode.create({
        data: { deviceCodeHash: hashToken(deviceCode), userCode, clientName: input.clientName.trim(), expiresAt },
      });
    } catch (e) {
      // 18^8 codes make a clash rare; a unique-index clash just draws again
      if ((e as { code?: unknown }).code === 'P2002' && attempt < 5) continue;
      throw e;
    }
    return {
      deviceCode,
      userCode,
      verificationUri: page,
      verificationUriComplete: `${page}?code=${userCode}`,
      expiresIn: DEVICE_LOGIN.expiresInSeconds,
      interval: DEVICE_LOGIN.intervalSeconds,
    };
  }
}
