import { LoginInput, SignUpInput } from '@baton/contracts';
import type { z } from 'zod';
import type { Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { assertNotLocked, clearFailedAttempts, recordFailedAttempt } from './lockout.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { createSession } from './sessions.ts';

// Verified against when the email is unknown, so both paths cost one argon2 verify (no user enumeration by timing).
let dummyHash: Promise<string> | undefined;

type Meta = { userAgent?: string | null; ip?: string | null };

export async function signUp(deps: Deps, raw: z.input<typeof SignUpInput>, meta: Meta) {
  const input = SignUpInput.parse(raw);
  const exists = await deps.db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (exists) throw new DomainError('CONFLICT', 'An account with this email already exists', { issues: [{ path: ['email'], message: 'is already registered' }] });
  const user = await deps.db.user.create({
    data: { email: input.email, name: input.name, passwordHash: await hashPassword(input.password) },
    select: { id: true },
  });
  return { ...(await createSession(deps, user.id, { twoFactorVerified: false, ...meta })), mfaRequired: false };
}

/**
 * Password login. Repeated failures are slowed, then the account locks for a while; the lock answers LOCKED
 * with the seconds left. With TOTP enabled the session starts unverified and MFA_REQUIRED steps follow.
 */
export async function logIn(deps: Deps, raw: z.input<typeof LoginInput>, meta: Meta) {
  const input = LoginInput.parse(raw);
  const user = await deps.db.user.findUnique({
    where: { email: input.email },
    select: { id: true, passwordHash: true, failedLoginCount: true, lockedUntil: true, totpEnabledAt: true },
  });
  const now = deps.clock();
  if (user) assertNotLocked(user, now);
  dummyHash ??= hashPassword('not-a-real-password');
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash), input.password);
  if (!user || !user.passwordHash || !ok) {
    if (user) await recordFailedAttempt(deps, user.id);
    throw new DomainError('UNAUTHENTICATED', 'Wrong email or password');
  }
  await clearFailedAttempts(deps, user);
  const mfaRequired = user.totpEnabledAt !== null;
  return { ...(await createSession(deps, user.id, { twoFactorVerified: !mfaRequired, ...meta })), mfaRequired };
}
