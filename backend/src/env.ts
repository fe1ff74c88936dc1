import { z } from 'zod';

/** Every setting the backend reads, validated once at start. */
const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** PostgreSQL; unset = the embedded database in DATA_DIR */
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./data'),
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
  /** how often the outbox is delivered (and failed sends retried) */
  MAIL_SEND_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
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
  OAUTH_GOOGLE_CLIENT_ID: z.string().optional(),
  OAUTH_GOOGLE_CLIENT_SECRET: z.string().optional(),
  OAUTH_GITHUB_CLIENT_ID: z.string().optional(),
  OAUTH_GITHUB_CLIENT_SECRET: z.string().optional(),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_NAME: z.string().default('SSO'),
});
export type Env = z.infer<typeof Env>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = Env.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid environment:\n${lines}`);
  }
  return parsed.data;
}
