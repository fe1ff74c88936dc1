import type { Db } from '@baton/db';
import type { ApiScope, MemberRole } from '@baton/contracts';
import type { Storage } from './attachments/storage.ts';
import type { AccessCache } from './access/access-cache.ts';
import type { UsageRecorder } from './auth/api-key-usage.ts';
import type { EventBus } from './events/bus.ts';

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
  /** proof-of-work for public submissions (core/public/proof-of-work.ts); defaults suit one process */
  pow?: { secret?: string; maxNumber?: number; ttlSeconds?: number };
};

/** Who is calling: a signed-in user (session) or an API key (agent, CI, webhook). */
export type Principal =
  | { kind: 'user'; userId: string; name: string; email: string; sessionId: string | null }
  | {
      kind: 'agent';
      apiKeyId: string;
      name: string;
      organizationId: string;
      productId: string | null;
      scopes: ApiScope[];
    };

export type Ctx = Deps & { principal: Principal };

/** Prisma's interactive-transaction client. */
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

export type { MemberRole };
