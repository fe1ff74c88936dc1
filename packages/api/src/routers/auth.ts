import { LoginInput, Me, SessionInfo, SignUpInput, TotpCode, VerifyMfaInput, token } from '@baton/contracts';
import * as core from '@baton/core';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { publicProcedure, router, sessionProcedure, userProcedure } from '../trpc.ts';

const SessionResult = z.object({ token: z.string(), expiresAt: z.date(), mfaRequired: z.boolean() });
const meta = (ctx: Context) => ({ ip: ctx.ip, userAgent: ctx.userAgent });

/** Sets the cookie for browsers and returns the token for server-side callers (the web app, the CLI). */
function started(ctx: Context, s: { token: string; expiresAt: Date; mfaRequired: boolean }) {
  ctx.cookie.set(s.token, s.expiresAt);
  return s;
}

export const authRouter = router({
  signUp: publicProcedure.input(SignUpInput).output(SessionResult).mutation(async ({ ctx, input }) => started(ctx, await core.signUp(ctx, input, meta(ctx)))),
  logIn: publicProcedure.input(LoginInput).output(SessionResult).mutation(async ({ ctx, input }) => started(ctx, await core.logIn(ctx, input, meta(ctx)))),
  logOut: sessionProcedure.output(z.object({ ok: z.literal(true) })).mutation(async ({ ctx }) => {
    await core.invalidateSession(ctx, ctx.session.sessionId);
    ctx.cookie.clear();
    return { ok: true as const };
  }),
  /** The second login step. */
  verifyMfa: sessionProcedure
    .input(VerifyMfaInput)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(({ ctx, input }) => core.verifySecondFactor(ctx, ctx.session.userId, ctx.session.sessionId, input.code)),
  /** Who is signed in, and whether the MFA step is still due (null when nobody is). */
  session: publicProcedure
    .output(z.object({ userId: z.string(), name: z.string(), email: z.string(), mfaPending: z.boolean(), expiresAt: z.date() }).nullable())
    .query(({ ctx }) =>
      ctx.session
        ? {
            userId: ctx.session.userId,
            name: ctx.session.name,
            email: ctx.session.email,
            mfaPending: ctx.session.mfaEnabled && !ctx.session.twoFactorVerified,
            expiresAt: ctx.session.expiresAt,
          }
        : null,
    ),
  me: userProcedure.output(Me).query(({ ctx }) => core.getMe(ctx, ctx.session.userId)),
  sessions: userProcedure.output(z.array(SessionInfo)).query(({ ctx }) => core.listSessions(ctx, ctx.session.userId, ctx.session.sessionId)),
  revokeSession: userProcedure
    .input(z.strictObject({ id: token().regex(/^[0-9a-f]{16}$/, 'must be a session handle from auth.sessions') }))
    .output(z.object({ revoked: z.number().int() }))
    .mutation(({ ctx, input }) => core.revokeSession(ctx, ctx.session.userId, input.id)),
  totp: router({
    begin: userProcedure.output(z.object({ secret: z.string(), uri: z.string() })).mutation(({ ctx }) => core.beginTotpEnrolment(ctx, ctx.session.userId)),
    confirm: userProcedure
      .input(z.strictObject({ code: TotpCode }))
      .output(z.object({ recoveryCodes: z.array(z.string()) }))
      .mutation(({ ctx, input }) => core.confirmTotpEnrolment(ctx, ctx.session.userId, ctx.session.sessionId, input.code)),
    disable: userProcedure
      .input(z.strictObject({ code: TotpCode }))
      .output(z.object({ ok: z.literal(true) }))
      .mutation(({ ctx, input }) => core.disableTotp(ctx, ctx.session.userId, input.code)),
  }),
});
