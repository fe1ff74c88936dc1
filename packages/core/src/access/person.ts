import type { Ctx } from '../deps.ts';
import { DomainError } from '../errors.ts';

/**
 * The signed-in person behind `ctx`, for what only people have (watching, reactions, notifications, time logs,
 * saved views); an API key gets FORBIDDEN saying what it tried: `personOf(ctx, 'can react')`.
 */
export function personOf(ctx: Ctx, what: string): string {
  if (ctx.principal.kind !== 'user') throw new DomainError('FORBIDDEN', `Only signed-in people ${what}, not API keys`);
  return ctx.principal.userId;
}
