import { DomainError, resolveProductId } from '@baton/core';
import { unwrapSchema } from '@baton/contracts';
import { initTRPC } from '@trpc/server';
import { z } from 'zod';
import type { Context } from './context.ts';
import { mapError, toErrorBody } from './errors.ts';
import { WriteMeta } from './idempotent.ts';
import { transformer } from './transformer.ts';

const t = initTRPC.context<Context>().create({
  transformer,
  // Subscriptions (SSE): pings keep proxies from closing an idle stream, and a client that hears nothing for
  // longer reconnects with its last event id. A stream ends after maxDurationMs so the client reconnects and
  // is authenticated again: a revoked key, session or membership stops receiving events within that time.
  sse: { ping: { enabled: true, intervalMs: 15_000 }, client: { reconnectAfterInactivityMs: 45_000 }, maxDurationMs: 15 * 60_000 },
  errorFormatter({ shape, error }) {
    const baton = toErrorBody(error);
    // unknown failures never leak internals (stack, SQL) to clients
    const message = baton?.message ?? (shape.data.httpStatus >= 500 && error.code === 'INTERNAL_SERVER_ERROR' ? 'Internal error' : shape.message);
    return { ...shape, message, data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path, baton } };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const mapped = t.middleware(async ({ next }) => {
  const res = await next();
  // an unreadable body fails in tRPC itself, as a 400 caused by a SyntaxError: it stays a 400 (a SyntaxError
  // thrown by a procedure arrives as a 500 and stays one)
  if (!res.ok) mapError(res.error.code === 'BAD_REQUEST' && res.error.cause instanceof SyntaxError ? res.error : (res.error.cause ?? res.error));
  return res;
});

/**
 * The procedures whose input has a `productId` field, by path: only they take the product from `x-product-id`
 * (any other input is strict and would refuse the field). Read once from the router, imported lazily because
 * root.ts imports this file.
 */
let productPaths: Promise<Set<string>> | undefined;
async function takesProductId(path: string): Promise<boolean> {
  productPaths ??= import('./root.ts').then(({ appRouter }) => {
    // at runtime `_def.procedures` is flat, keyed by dotted path
    const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { inputs?: z.ZodType[] } }>);
    const named = (input: z.ZodType) => {
      const s = unwrapSchema(input);
      return s instanceof z.ZodObject && 'productId' in s.shape;
    };
    return new Set(procedures.filter(([, p]) => (p._def.inputs ?? []).some(named)).map(([path]) => path));
  });
  return (await productPaths).has(path);
}

/**
 * API clients may name their product once in `x-product-id` instead of in every input: fill it in where the
 * procedure takes a productId and the input is an object without one. An explicit productId wins, and access is
 * checked in core either way.
 */
const headerProduct = t.middleware(async ({ ctx, path, getRawInput, next }) => {
  if (!ctx.headerProductId || !(await takesProductId(path))) return next();
  const raw = await getRawInput();
  if (raw === undefined || (raw && typeof raw === 'object' && !Array.isArray(raw) && !('productId' in raw))) {
    return next({ getRawInput: async () => ({ ...(raw as object | undefined), productId: ctx.headerProductId }) });
  }
  return next();
});

/**
 * A `productId` (in the input, or from `x-product-id`) may be the product's key or its id: resolved here to the id,
 * once, by core's resolveProductId, for every authenticated procedure and so for every REST route and client.
 */
const productByKey = t.middleware(async ({ ctx, getRawInput, next }) => {
  const raw = await getRawInput();
  const named = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as { productId?: unknown }).productId : undefined;
  if (typeof named !== 'string' || !ctx.principal) return next();
  const productId = await resolveProductId({ ...ctx, principal: ctx.principal }, named);
  return productId === named ? next() : next({ getRawInput: async () => ({ ...(raw as object), productId }) });
});

/** No credentials needed (sign-up, log-in, health of the API). */
export const publicProcedure = t.procedure.use(mapped).use(headerProduct);

/** Any verified caller: a user whose session passed MFA, or an API key. */
export const authedProcedure = publicProcedure
  .use(({ ctx, next }) => {
    if (ctx.authError) throw ctx.authError;
    if (!ctx.principal) throw new DomainError('UNAUTHENTICATED', 'Sign in or send an API key');
    if (ctx.session && ctx.session.mfaEnabled && !ctx.session.twoFactorVerified) throw new DomainError('MFA_REQUIRED', 'Enter your two-factor code to continue');
    return next({ ctx: { ...ctx, principal: ctx.principal } });
  })
  .use(productByKey);

/** People only (account settings, API-key management). */
export const userProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.principal.kind !== 'user' || !ctx.session) throw new DomainError('FORBIDDEN', 'Only signed-in people can do this, not API keys');
  return next({ ctx: { ...ctx, principal: ctx.principal, session: ctx.session } });
});

/** A session that may still owe its second factor (the MFA step itself). */
export const sessionProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session) throw new DomainError('UNAUTHENTICATED', 'Sign in first');
  return next({ ctx: { ...ctx, session: ctx.session } });
});

/** The write's own (strict) input schema sees the raw input without `idempotencyKey`, which WriteMeta took. */
const withoutWriteMeta = t.middleware(async ({ getRawInput, next }) => {
  const raw = await getRawInput();
  if (!raw || typeof raw !== 'object' || Array.isArray(raw) || !('idempotencyKey' in raw)) return next();
  const { idempotencyKey: _taken, ...rest } = raw as Record<string, unknown>;
  return next({ getRawInput: async () => rest });
});

/** Writes: an authed caller, with the optional `idempotencyKey` merged into the input (see idempotent.ts). */
export const writeProcedure = authedProcedure.input(WriteMeta).use(withoutWriteMeta);
