import { createTOTPKeyURI, generateHOTP } from '@oslojs/otp';
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { changingAccess } from '../access/access-cache.ts';
import type { Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { assertNotLocked, clearFailedAttempts, recordFailedAttempt } from './lockout.ts';
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

/** The time step a code belongs to (now, or one step either side for clock drift), or null. */
function matchingStep(key: Uint8Array, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const step = Math.floor(now.getTime() / 1000 / PERIOD);
  for (const s of [step, step - 1, step + 1]) if (generateHOTP(key, BigInt(s), DIGITS) === code) return s;
  return null;
}

/**
 * Accepts a code once: the step must be newer than the last accepted one, claimed with a conditional update so
 * two requests replaying the same code cannot both pass (RFC 6238 §5.2).
 */
async function consumeTotp(deps: Deps, userId: string, key: Uint8Array, code: string): Promise<boolean> {
  const step = matchingStep(key, code, deps.clock());
  if (step === null) return false;
  const { count } = await deps.db.user.updateMany({
    where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  });
  return count === 1;
}

/** Confirms enrolment with a first code; returns recovery codes, shown once and stored hashed. */
export async function confirmTotpEnrolment(deps: Deps, userId: string, sessionId: string, code: string) {
  const user = await deps.db.user.findUniqueOrThrow({ where: { id: userId }, select: { totpKey: true, totpEnabledAt: true } });
  if (user.totpEnabledAt) throw new DomainError('CONFLICT', 'Two-factor authentication is already enabled');
  if (!user.totpKey) throw new DomainError('BAD_INPUT', 'Start enrolment first');
  if (!(await consumeTotp(deps, userId, user.totpKey, code))) throw badCode();
  const codes = Array.from({ length: RECOVERY_CODES }, () => randomToken(10));
  // sessions and the MFA state they carry change: cached sessions must not outlive this
  await changingAccess(deps, deps.db.$transaction([
    deps.db.user.update({ where: { id: userId }, data: { totpEnabledAt: deps.clock() } }),
    deps.db.recoveryCode.deleteMany({ where: { userId } }),
    deps.db.recoveryCode.createMany({ data: codes.map((c) => ({ userId, codeHash: hashToken(c) })) }),
    // the enrolling session proved the second factor just now; every other session must log in again
    deps.db.session.deleteMany({ where: { userId, id: { not: sessionId } } }),
    deps.db.session.update({ where: { id: sessionId }, data: { twoFactorVerified: true } }),
  ]));
  return { recoveryCodes: codes };
}

/** The second login step: a TOTP code, or a one-time recovery code; failures count toward the lockout. */
export async function verifySecondFactor(deps: Deps, userId: string, sessionId: string, code: string): Promise<{ ok: true }> {
  const user = await deps.db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { id: true, totpKey: true, totpEnabledAt: true, failedLoginCount: true, lockedUntil: true },
  });
  if (!user.totpEnabledAt || !user.totpKey) throw new DomainError('BAD_INPUT', 'Two-factor authentication is not enabled');
  assertNotLocked(user, deps.clock());
  let ok = await consumeTotp(deps, userId, user.totpKey, code);
  if (!ok) {
    // consume a recovery code atomically: a code works once, even under racing requests
    const used = await deps.db.recoveryCode.updateMany({ where: { userId, codeHash: hashToken(code.trim().toLowerCase()), usedAt: null }, data: { usedAt: deps.clock() } });
    ok = used.count === 1;
  }
  if (!ok) {
    await recordFailedAttempt(deps, userId);
    throw badCode();
  }
  await clearFailedAttempts(deps, user);
  await changingAccess(deps, deps.db.session.update({ where: { id: sessionId }, data: { twoFactorVerified: true } }));
  return { ok: true };
}

export async function disableTotp(deps: Deps, userId: string, code: string) {
  await verifySecondFactorCodeOnly(deps, userId, code);
  await changingAccess(deps, deps.db.$transaction([
    deps.db.user.update({ where: { id: userId }, data: { totpKey: null, totpEnabledAt: null, totpLastStep: null } }),
    deps.db.recoveryCode.deleteMany({ where: { userId } }),
  ]));
  return { ok: true as const };
}

async function verifySecondFactorCodeOnly(deps: Deps, userId: string, code: string) {
  const user = await deps.db.user.findUniqueOrThrow({ where: { id: userId }, select: { totpKey: true, totpEnabledAt: true } });
  if (!user.totpEnabledAt || !user.totpKey) throw new DomainError('BAD_INPUT', 'Two-factor authentication is not enabled');
  if (!(await consumeTotp(deps, userId, user.totpKey, code))) throw badCode();
}

const badCode = () => new DomainError('UNAUTHENTICATED', 'That code is not valid', { issues: [{ path: ['code'], message: 'is not valid' }] });
