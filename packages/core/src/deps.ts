import type { Db } from '@baton/db';
import type { AgentIdentity, ApiScope, MemberRole } from '@baton/contracts';
import type { Storage } from './attachments/storage.ts';
import type { AccessCache } from './access/access-cache.ts';
import type { UsageRecorder } from './auth/api-key-usage.ts';
import type { EventBus } from './events/bus.ts';
import type { WebhookDeps } from './webhooks/webhook-deps.ts';

/** What every core function receives: plain values, no transport. */
export type Deps = {
  db: Db;
  clock: () => Date;
  bus: EventBus;
  /** batches API-key usage writes (the server has one); without it usage is written per request */
  usage?: UsageRecorder;
  /** callers, products and memberships kept for seconds (the server has one); without it each request reads them */
  cache?: AccessCache;
  /** attachment bytes (the server has one); without it attachments can be listed and their rows deleted only */
  storage?: Storage;
  /** the server's public address, for links in emails (status pages, confirmations, unsubscribe) */
  publicUrl?: string;
  /** the domain of the email-in listener (SMTP_IN_DOMAIN) while it runs: KEY@domain is a product's address */
  emailInDomain?: string;
  /** proof-of-work for public submissions (core/public/proof-of-work.ts); defaults suit one process */
  pow?: { secret?: string; maxNumber?: number; ttlSeconds?: number };
  /** outbound webhooks: allowed private addresses, the timeout, the hand-over to the job queue (webhooks/webhook-deps.ts) */
  webhooks?: WebhookDeps;
};

/** Who is calling: a signed-in user (session) or an API key (agent, CI, webhook). */
export type Principal =
  | { kind: 'user'; userId: string; name: string; email: string; sessionId: string | null; client?: AgentIdentity | null }
  | {
      kind: 'agent';
      apiKeyId: string;
      name: string;
      organizationId: string;
      productId: string | null;
      scopes: ApiScope[];
      /** the key's own default lease; null or absent: the product's agentClaimTtlSeconds */
      claimTtlSeconds?: number | null;
      /** what the client said it is (the Baton-Agent header), recorded on the claims it takes */
      client?: AgentIdentity | null;
    };

export type Ctx = Deps & { principal: Principal };

/** Prisma's interactive-transaction client. */
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

export type { MemberRole };
