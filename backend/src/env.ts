import { compileAllowlist } from '@baton/core';
import { z } from 'zod';
import { DEFAULT_DATA_DIR } from './embedded-start.ts';

/** Every setting the backend reads, validated once at start. */
const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** PostgreSQL; unset = the embedded database in DATA_DIR */
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default(DEFAULT_DATA_DIR),
  /** public URL of this server (OAuth redirects, links in messages) */
  PUBLIC_URL: z.string().url().optional(),
  // off unless asked for: the demo users' password is public (scripts/start.sh turns it on)
  SEED_DEMO: z.enum(['true', 'false']).default('false'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** how often expired claim leases are ended (reads and claims also expire them lazily in between) */
  CLAIM_SWEEP_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
  /** SMTP server for outgoing email (smtp://user:pass@host:587, smtps://...); unset = .eml files in DATA_DIR/outbox */
  SMTP_URL: z.string().url().optional(),
  /** sender of outgoing email */
  MAIL_FROM: z.string().min(3).default('Baton <no-reply@baton.localhost>'),
  /** email in (docs/email-in.md): the SMTP listener's port; unset = off */
  SMTP_IN_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  SMTP_IN_HOST: z.string().default('127.0.0.1'),
  /** mail to KEY@SMTP_IN_DOMAIN reaches product KEY; required with SMTP_IN_PORT */
  SMTP_IN_DOMAIN: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)*$/, 'must be a domain name (baton.example.com)')
    .optional(),
  /** the largest message taken (refused with 552 past it) */
  SMTP_IN_MAX_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(10 * 1024 * 1024),
  /** messages per sender address per hour (451 past it) */
  SMTP_IN_PER_SENDER_HOUR: z.coerce.number().int().min(1).default(30),
  /** how often the outbox is delivered (and failed sends retried) */
  MAIL_SEND_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
  /** how long a notification waits for others to share its email (one digest per person per few minutes) */
  NOTIFY_EMAIL_DELAY_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /** HMAC secret for proof-of-work challenges; set it (and share it) when running several replicas */
  POW_SECRET: z.string().min(16).optional(),
  /** proof-of-work difficulty: the browser tries about half this many SHA-256 hashes */
  POW_MAX_NUMBER: z.coerce.number().int().min(10).max(10_000_000).default(50_000),
  /** public roadmap limits per visitor address: idea submissions per hour, votes per minute */
  PUBLIC_SUBMITS_PER_HOUR: z.coerce.number().int().min(1).default(10),
  PUBLIC_VOTES_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  /** votes per email address per hour (also bounds confirmation mails) */
  PUBLIC_VOTES_PER_EMAIL_HOUR: z.coerce.number().int().min(1).default(60),
  /**
   * which hops may report a client's address (X-Forwarded-For/-Proto): loopback (a proxy on this machine), off,
   * or a comma-separated list of proxy addresses/CIDR ranges (client-address.ts); drives the API and the web forms
   */
  TRUST_PROXY: z.string().default('off'),
  /** bearer token for GET /metrics; unset = only a scraper on this host (loopback, no proxy headers) may read them */
  METRICS_TOKEN: z.string().min(16).optional(),
  /**
   * outbound webhooks refuse private, loopback and link-local addresses (after DNS resolution); these addresses and
   * CIDR ranges, comma-separated, are allowed anyway (a receiver on this machine or the office network)
   */
  WEBHOOK_ALLOW_ADDRESSES: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .superRefine((list, c) => {
      try {
        compileAllowlist(list);
      } catch (e) {
        c.addIssue({ code: 'custom', message: (e as Error).message });
      }
    }),
  OAUTH_GOOGLE_CLIENT_ID: z.string().optional(),
  OAUTH_GOOGLE_CLIENT_SECRET: z.string().optional(),
  OAUTH_GITHUB_CLIENT_ID: z.string().optional(),
  OAUTH_GITHUB_CLIENT_SECRET: z.string().optional(),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_NAME: z.string().default('SSO'),
}).refine((e) => e.SMTP_IN_PORT === undefined || e.SMTP_IN_DOMAIN, { message: 'is required when SMTP_IN_PORT is set', path: ['SMTP_IN_DOMAIN'] });
export type Env = z.infer<typeof Env>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = Env.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid environment:\n${lines}`);
  }
  return parsed.data;
}
