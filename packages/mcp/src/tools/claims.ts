import { BatonError } from '@baton/client';
import { ClaimInput, FencingToken, HeartbeatInput, ReleaseInput } from '@baton/contracts';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { leaseLine } from '../format.ts';
import { documented } from '../param-docs.ts';
import { guarded, ok, ToolFailure } from '../result.ts';
import { refField, type ToolContext } from '../tool-context.ts';

export const fencingField = FencingToken.optional().describe('Only needed when this session did not claim the item itself');

/** The token to send: explicit, else remembered; a write that needs one and has none fails before calling. */
export function requireToken(ctx: ToolContext, ref: string, explicit: number | undefined): number {
  const token = ctx.leases.tokenFor(ref, explicit);
  if (token === undefined) {
    throw new ToolFailure('BAD_INPUT', `No lease on ${ref} is held by this session: claim it first, or pass fencingToken`, {
      issues: [{ path: ['fencingToken'], message: 'is required when the item was not claimed in this session' }],
    });
  }
  return token;
}

export function registerClaimTools(server: McpServer, ctx: ToolContext): void {
  server.registerTool(
    'claim',
    {
      title: 'Claim an item',
      description:
        'Claim an item under a lease so no one else works on it. Keep it with `heartbeat`; give it back with `release` or finish with `status`.',
      inputSchema: documented({ ref: refField, ttlSeconds: ClaimInput.shape.ttlSeconds, takeOver: ClaimInput.shape.takeOver }),
    },
    ({ ref, ttlSeconds, takeOver }) =>
      guarded(async () => {
        const lease = await ctx.agent.items.claim(ref, { ttlSeconds, takeOver });
        ctx.leases.remember(lease);
        return ok(`Claimed ${lease.itemKey}.\n${leaseLine(lease)}`, lease);
      }),
  );

  server.registerTool(
    'heartbeat',
    {
      title: 'Extend a lease',
      description: 'Extend the lease on an item this session holds. Call it well before the lease ends.',
      inputSchema: documented({ ref: refField, fencingToken: fencingField, ttlSeconds: HeartbeatInput.shape.ttlSeconds }),
    },
    ({ ref, fencingToken, ttlSeconds }) =>
      guarded(async () => {
        const token = requireToken(ctx, ref, fencingToken);
        const lease = await forgetOnLostLease(ctx, ref, ctx.agent.items.heartbeat({ itemId: ref, fencingToken: token }, { ttlSeconds }));
        ctx.leases.remember(lease);
        return ok(`Extended.\n${leaseLine(lease)}`, lease);
      }),
  );

  server.registerTool(
    'release',
    {
      title: 'Release an item',
      description: 'Give a claimed item back to the queue, saying why (blocked, out of scope, giving up).',
      inputSchema: documented({ ref: refField, reason: ReleaseInput.shape.reason, usage: ReleaseInput.shape.usage, fencingToken: fencingField }),
    },
    ({ ref, reason, usage, fencingToken }) =>
      guarded(async () => {
        const token = requireToken(ctx, ref, fencingToken);
        const released = await forgetOnLostLease(ctx, ref, ctx.agent.items.release({ itemId: ref, fencingToken: token }, reason, { ...(usage && { usage }) }));
        ctx.leases.forget(ref);
        return ok(`Released ${ref}: ${reason}`, { released: true, ref, result: released });
      }),
  );
}

/** A lease the server says is gone is forgotten here too, so the next call does not send the stale token. */
export async function forgetOnLostLease<T>(ctx: ToolContext, ref: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (e) {
    if (BatonError.from(e).code === 'LEASE_EXPIRED') ctx.leases.forget(ref);
    throw e;
  }
}
