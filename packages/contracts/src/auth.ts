import { z } from 'zod';
import { Email, Id, IsoDate } from './common.ts';
import { ApiKeyRole, ApiScope, EstimateUnit, MemberRole } from './enums.ts';
import { TtlSeconds } from './agents.ts';
import { line, token, wellFormedCheck } from './text.ts';

export const Password = z.string().check(wellFormedCheck).min(10, 'must be at least 10 characters').max(256, 'is longer than 256 characters');
export const SignUpInput = z.strictObject({ email: Email, name: line().min(1, 'is required').max(100), password: Password });
export const LoginInput = z.strictObject({ email: Email, password: z.string().check(wellFormedCheck).min(1, 'is required').max(256) });
export const TotpCode = token().trim().regex(/^\d{6}$/, 'must be 6 digits');
export const RecoveryCode = token().trim().min(8).max(32);
export const VerifyMfaInput = z.strictObject({ code: z.union([TotpCode, RecoveryCode]) });

export const Me = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  mfaEnabled: z.boolean(),
  memberships: z.array(
    z.object({
      organizationId: z.string(),
      organizationName: z.string(),
      role: MemberRole,
      // formerKeys: keys the product had before a rename, so old links can be redirected
      // archivedAt: set while the product is archived (pickers leave it out; its pages stay readable)
      // estimateUnit: what the product's estimates count (points or hours), so every page reads them alike
      products: z.array(
        z.object({ id: z.string(), key: z.string(), name: z.string(), formerKeys: z.array(z.string()), archivedAt: z.date().nullable(), estimateUnit: EstimateUnit }),
      ),
    }),
  ),
});
export type Me = z.infer<typeof Me>;

export const SessionInfo = z.object({
  id: z.string(),
  current: z.boolean(),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  createdAt: z.date(),
  expiresAt: z.date(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const ApiKeyInfo = z.object({
  id: z.string(),
  name: z.string(),
  role: ApiKeyRole,
  scopes: z.array(ApiScope),
  productId: z.string().nullable(),
  prefix: z.string(),
  ipAllowlist: z.array(z.string()),
  requestsPerMinute: z.number().int(),
  /** this key's default lease in seconds; null: the product's agentClaimTtlSeconds */
  claimTtlSeconds: z.number().int().nullable(),
  requestCount: z.number().int(),
  lastUsedAt: z.date().nullable(),
  expiresAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  rotatedFromId: z.string().nullable(),
  createdAt: z.date(),
});
export type ApiKeyInfo = z.infer<typeof ApiKeyInfo>;

const Cidr = z
  .string()
  .regex(/^[0-9a-fA-F:.]+(\/\d{1,3})?$/, 'must be an IP address or CIDR range')
  .refine((c) => {
    const [net, bits] = c.split('/');
    if (bits === undefined) return true;
    return Number(bits) <= (net!.includes(':') ? 128 : 32);
  }, 'has a prefix longer than its address family allows (32 for IPv4, 128 for IPv6)');
export const CreateApiKeyInput = z.strictObject({
  organizationId: Id,
  productId: Id.nullable().default(null),
  name: line().min(1).max(64),
  role: ApiKeyRole,
  scopes: z.array(ApiScope).min(1, 'needs at least one scope'),
  ipAllowlist: z.array(Cidr).max(50).default([]),
  requestsPerMinute: z.number().int().min(1).max(100_000).default(600),
  /** the lease this key's claims get when the call names none; null: the product's agentClaimTtlSeconds */
  claimTtlSeconds: TtlSeconds.nullable().default(null),
  /** must lie in the future: a key that is expired at creation is refused (BAD_INPUT on expiresAt) */
  expiresAt: IsoDate.nullable().default(null),
});
export type CreateApiKeyInput = z.input<typeof CreateApiKeyInput>;
export const CreatedApiKey = z.object({ key: ApiKeyInfo, secret: z.string() });
export const RotateApiKeyInput = z.strictObject({ id: Id, overlapSeconds: z.number().int().min(0).max(7 * 86400).default(3600) });
