import { CreateApiKeyInput, RotateApiKeyInput, type ApiKeyInfo } from '@baton/contracts';
import type { z } from 'zod';
import { cached, changingAccess } from '../access/access-cache.ts';
import { requireOrgRole } from '../access/product-access.ts';
import type { Ctx, Deps, Principal } from '../deps.ts';
import { DomainError, notFound } from '../errors.ts';
import { ipAllowed } from './ip-allowlist.ts';
import { hashToken, randomToken } from './tokens.ts';

const infoSelect = {
  id: true, name: true, role: true, scopes: true, productId: true, prefix: true, ipAllowlist: true,
  requestsPerMinute: true, claimTtlSeconds: true, requestCount: true, lastUsedAt: true, expiresAt: true, revokedAt: true, rotatedFromId: true, createdAt: true,
} as const;

/** Secrets look like `bat_<8-char prefix>_<32-char secret>`; the prefix is shown in lists, the rest never again. */
function mintSecret() {
  const prefix = `bat_${randomToken(5)}`;
  return { prefix, secret: `${prefix}_${randomToken()}` };
}

export async function createApiKey(ctx: Ctx, raw: z.input<typeof CreateApiKeyInput>): Promise<{ key: ApiKeyInfo; secret: string }> {
  const input = CreateApiKeyInput.parse(raw);
  await requireOrgRole(ctx, input.organizationId, 'manage_members');
  // a key that could never be used is a mistake (a date typed wrong), not a key to hand out
  if (input.expiresAt && input.expiresAt <= ctx.clock()) {
    throw new DomainError('BAD_INPUT', 'expiresAt: is already past; choose a later date or none', {
      issues: [{ path: ['expiresAt'], message: 'is already past; choose a later date or none' }],
    });
  }
  if (input.productId) {
    const product = await ctx.db.product.findFirst({ where: { id: input.productId, organizationId: input.organizationId } });
    if (!product) throw new DomainError('BAD_INPUT', 'productId: is not a product of this organization', { issues: [{ path: ['productId'], message: 'is not a product of this organization' }] });
  }
  const { prefix, secret } = mintSecret();
  const key = await ctx.db.apiKey.create({
    data: { ...input, prefix, secretHash: hashToken(secret), createdById: ctx.principal.kind === 'user' ? ctx.principal.userId : null },
    select: infoSelect,
  });
  return { key, secret };
}

export async function listApiKeys(ctx: Ctx, input: { organizationId: string }): Promise<ApiKeyInfo[]> {
  await requireOrgRole(ctx, input.organizationId, 'manage_members');
  return ctx.db.apiKey.findMany({ where: { organizationId: input.organizationId }, orderBy: { createdAt: 'desc' }, take: 500, select: infoSelect });
}

async function ownKey(ctx: Ctx, id: string) {
  const key = await ctx.db.apiKey.findUnique({ where: { id }, select: { ...infoSelect, organizationId: true } });
  if (!key) throw notFound('API key');
  // a key of an organization the caller is not in answers NOT_FOUND, like a missing one
  await requireOrgRole(ctx, key.organizationId, 'manage_members').catch((e: unknown) => {
    throw e instanceof DomainError && e.code === 'FORBIDDEN' ? e : notFound('API key');
  });
  return key;
}

export async function revokeApiKey(ctx: Ctx, input: { id: string }): Promise<ApiKeyInfo> {
  const key = await ownKey(ctx, input.id);
  return changingAccess(ctx, ctx.db.apiKey.update({ where: { id: key.id }, data: { revokedAt: key.revokedAt ?? ctx.clock() }, select: infoSelect }));
}

/** A new secret with the same identity and grants; the old one keeps working for the overlap window. */
export async function rotateApiKey(ctx: Ctx, raw: z.input<typeof RotateApiKeyInput>): Promise<{ key: ApiKeyInfo; secret: string }> {
  const input = RotateApiKeyInput.parse(raw);
  const old = await ownKey(ctx, input.id);
  if (old.revokedAt) throw new DomainError('CONFLICT', 'A revoked key cannot be rotated');
  const { prefix, secret } = mintSecret();
  const overlapEnds = new Date(ctx.clock().getTime() + input.overlapSeconds * 1000);
  const [, key] = await changingAccess(ctx, ctx.db.$transaction([
    ctx.db.apiKey.update({ where: { id: old.id }, data: { expiresAt: old.expiresAt && old.expiresAt < overlapEnds ? old.expiresAt : overlapEnds } }),
    ctx.db.apiKey.create({
      data: {
        organizationId: old.organizationId, productId: old.productId, name: old.name, role: old.role, scopes: old.scopes,
        ipAllowlist: old.ipAllowlist, requestsPerMinute: old.requestsPerMinute,
        // the new secret keeps the key's own expiry policy; only the old secret gets the overlap deadline
        expiresAt: old.expiresAt,
        prefix, secretHash: hashToken(secret), rotatedFromId: old.id,
        createdById: ctx.principal.kind === 'user' ? ctx.principal.userId : null,
      },
      select: infoSelect,
    }),
  ]));
  return { key, secret };
}

/** Why a stored key no longer authenticates (revoked, expired), or null: for requests and for open streams alike. */
export function apiKeyRefusal(key: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): DomainError | null {
  if (key.revokedAt) return new DomainError('UNAUTHENTICATED', 'API key is invalid or revoked');
  if (key.expiresAt && key.expiresAt <= now) return new DomainError('UNAUTHENTICATED', 'API key has expired');
  return null;
}

const windows = new Map<string, { minute: number; count: number }>();

/**
 * Resolves a Bearer secret to an agent principal: unknown, revoked, expired, or outside the IP allowlist all
 * answer UNAUTHENTICATED/FORBIDDEN; over its requests-per-minute answers RATE_LIMITED. Usage is recorded.
 */
export async function authenticateApiKey(deps: Deps, secret: string, ip: string | null): Promise<Principal> {
  if (!/^bat_[a-z2-7]{8}_[a-z2-7]{32}$/.test(secret)) throw new DomainError('UNAUTHENTICATED', 'Malformed API key');
  const secretHash = hashToken(secret);
  // expiry, allowlist and rate limit are checked below on every request, cached row or not
  const key = await cached(deps, `key:${secretHash}`, () =>
    deps.db.apiKey.findUnique({
      where: { secretHash },
      select: { id: true, name: true, organizationId: true, productId: true, scopes: true, ipAllowlist: true, requestsPerMinute: true, claimTtlSeconds: true, expiresAt: true, revokedAt: true },
    }),
  );
  const now = deps.clock();
  if (!key) throw new DomainError('UNAUTHENTICATED', 'API key is invalid or revoked');
  const refusal = apiKeyRefusal(key, now);
  if (refusal) throw refusal;
  if (key.ipAllowlist.length && !ipAllowed(ip, key.ipAllowlist)) throw new DomainError('FORBIDDEN', 'Requests from this address are not allowed for this API key');
  const minute = Math.floor(now.getTime() / 60_000);
  const w = windows.get(key.id);
  const count = w && w.minute === minute ? w.count + 1 : 1;
  windows.set(key.id, { minute, count });
  if (count > key.requestsPerMinute) {
    throw new DomainError('RATE_LIMITED', `API key is over its limit of ${key.requestsPerMinute} requests per minute`, { retryAfterSeconds: 60 - (Math.floor(now.getTime() / 1000) % 60) });
  }
  if (deps.usage) deps.usage.record(key.id, now);
  else await deps.db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now, requestCount: { increment: 1 } } });
  return { kind: 'agent', apiKeyId: key.id, name: key.name, organizationId: key.organizationId, productId: key.productId, scopes: key.scopes, claimTtlSeconds: key.claimTtlSeconds };
}
