export type { Context, SessionCookie } from './context.ts';
export { API_BODY_LIMIT_BYTES, TRPC_CODE, mapError, toErrorBody } from './errors.ts';
export { appRouter, type AppRouter } from './root.ts';
export { createCallerFactory } from './trpc.ts';
export { idempotent, WriteMeta } from './idempotent.ts';
export type { PublicBucket, PublicLimits } from './public-limits.ts';
