import { createTOTPKeyURI, verifyTOTPWithGracePeriod } from '@oslojs/otp';
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import type { Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { hashToken, randomToken } from './tokens.ts';

const PERIOD = 30;
const DIGITS = 6;
const RECOVERY_CODES = 10;

/** Starts enrolment: a fresh secret (not active until confirmed with a code). */
export async function beginTotpEnrolment(deps: Deps, userId: string) {
  const user = await deps.db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, totpEnabledAt: true } });
  if (user.totpEnabledAt) throw new DomainError('CONFLICT', 'Two-factor authentication is already enabled');
  const key = new Uint8Array(20);
  crypto.getRandomValues(key);
  await deps.db.user.update({ where: { id: userId }, data: { totpKey: Buffer.from(key) } });
  return { secret: encodeBase32UpperCaseNoPadding(key), uri: createTOTPKeyURI('Baton', user.email, key, PERIOD, DIGITS) };
}

const codeMatches = (key: Uint8Array, code: string) => verifyTOTPWithGracePeriod(key, PERIOD, DIGITS, code, PERIOD);

/** Confirms enrolment with a first code; returns recovery codes, shown once and stored hashed. */
export async function confirmTotpEnrolment(deps: Deps, userId: string, sessionId: string, code: string) {
  const user = await deps.db.user.findUniqueOrThrow({ where: { id: userId }, select: { totpKey: true, totpEnabledAt: true } });
  if (user.totpEnabledAt) throw new DomainError('CONFLICT', 'Two-factor authentication is already enabled');
  if (!user.totpKey) throw new DomainError('BAD_INPUT', 'Start enrolment first');
  if (!codeMatches(user.totpKey, code)) throw badCode();
  const codes = Array.from({ length: RECOVERY_CODES }, () => randomToken(10));
  await deps.db.$transaction([
    deps.db.user.update({ where: { id: userId }, data: { totpEnabledAt: deps.clock() } }),
    deps.db.recoveryCode.deleteMany({ where: { userId } }),
    deps.db.recoveryCode.createMany({ data: codes.map((c) => ({ userId, codeHash: hashToken(c) })) }),
    // the enrolling session proved the second factor just now; every other session must log in again
    deps.db.session.deleteMany({ where: { userId, id: { not: sessionId } } }),
    deps.db.session.update({ where: { id: sessionId }, data: { twoFactorVerified: true } }),
  ]);
  return { recoveryCodes: codes };
}

/** The second login step: a TOTP code, or a one-time recovery code. */
export async function verifySecondFactor(deps: Deps, userId: string, sessionId: string, code: string): Promise<{ ok: true }> {
  const user = await deps.db.user.findUniqueOrThrow({ where: { id: userId }, select: { totpKey: true, totpEnabledAt: true } });
  if (!user.totpEnabledAt || !user.totpKey) throw new DomainError('BAD_INPUT', 'Two-factor authentication is not enabled');
  let ok = /^\d{6}$/.test(code) && codeMatches(user.totpKey, code);
  if (!ok) {
    // consume a recovery code atomically: a code works once, even under racing requests
    const used = await deps.db.recoveryCode.updateMany({ where: { userId, codeHash: hashToken(code.trim().toLowerCase()), usedAt: null }, data: { usedAt: deps.clock() } });
    ok = used.count === 1;
  }
  if (!ok) throw badCode();
  await deps.db.session.update({ where: { id: sessionId }, data: { twoFactorVerified: true } });
  return { ok: true };
}

export async function disableTotp(deps: Deps, userId: string, code: string) {
  await verifySecondFactorCodeOnly(deps, userId, code);
  await deps.db.$transaction([
    deps.db.user.update({ where: { id: userId }, data: { totpKey: null, totpEnabledAt: null } }),
    deps.db.recoveryCode.deleteMany({ where: { userId } }),
  ]);
  return { ok: true as const };
}

async function verifySecondFactorCodeOnly(deps: Deps, userId: string, code: string) {
  const user = await deps.db.user.findUniqueOrThrow({ where: { id: userId }, select: { totpKey: true, totpEnabledAt: true } });
  if (!user.totpEnabledAt || !user.totpKey) throw new DomainError('BAD_INPUT', 'Two-factor authentication is not enabled');
  if (!codeMatches(user.totpKey, code)) throw badCode();
}

const badCode = () => new DomainError('UNAUTHENTICATED', 'That code is not valid', { issues: [{ path: ['code'], message: 'is not valid' }] });
