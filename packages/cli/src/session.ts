import { randomUUID } from 'node:crypto';
import { createClient, errorOf, TRPCClientError, type BatonClient } from '@baton/client';
import { parseAgentHeader, parseItemKey, readItemKey, type AgentIdentity } from '@baton/contracts';
import { CliFailure, UsageError } from './cli-error.ts';
import {
  findGitRoot,
  LeaseState,
  PROJECT_CONFIG,
  ProjectConfig,
  readConfig,
  UserConfig,
  userConfigPath,
  writePrivateConfig,
} from './config/config-files.ts';
import { resolveConfig, sameServer, type ResolvedConfig } from './config/resolve-config.ts';
import type { Io } from './io.ts';
import { Output } from './output/output.ts';
import { join } from 'node:path';
import type { OptionValues } from './args/spec.ts';

export type Product = { id: string; key: string; name: string; organizationId: string; archivedAt: Date | null };

export const VERSION = '0.1.0';

/** A transport failure (no HTTP answer at all), as opposed to an error the server answered with. */
export const isTransportError = (e: unknown) =>
  e instanceof TRPCClientError && !(e.data as { httpStatus?: number } | undefined)?.httpStatus;

/** What every command gets: output, configuration, the typed client, and helpers for products, items and leases. */
export class Session {
  private productsCache: Promise<Product[]> | null = null;
  private productCache: Promise<Product> | null = null;
  private clientCache: BatonClient | null = null;

  private constructor(
    readonly io: Io,
    readonly out: Output,
    readonly config: ResolvedConfig,
    readonly userConfigPath: string,
    readonly gitRoot: string | null,
  ) {}

  static async open(io: Io, values: OptionValues): Promise<Session> {
    const gitRoot = await findGitRoot(io.cwd);
    const path = userConfigPath(io.env, io.home);
    const [project, user] = await Promise.all([
      gitRoot ? readConfig(join(gitRoot, PROJECT_CONFIG), ProjectConfig) : null,
      readConfig(path, UserConfig),
    ]);
    const flags = {
      url: typeof values.url === 'string' ? values.url : undefined,
      product: typeof values.product === 'string' ? values.product : undefined,
    };
    const config = resolveConfig({ flags, env: io.env, project, user });
    if (config.url && !/^https?:\/\/[^/]/.test(config.url.value))
      throw new UsageError(`the server URL (from ${config.url.source}) must start with http:// or https://, got "${config.url.value}"`);
    return new Session(io, new Output(io, values.json === true), config, path, gitRoot);
  }

  get url(): string {
    if (!this.config.url) throw new UsageError('no server: set BATON_URL, pass --url, or run `baton login --url <server>`');
    return this.config.url.value.replace(/\/+$/, '');
  }

  /** BATON_AGENT (`name/version; model=...`): which agent drives this CLI, recorded on the claims it takes. */
  get agent(): AgentIdentity | undefined {
    const value = this.io.env.BATON_AGENT?.trim();
    if (!value) return undefined;
    const read = parseAgentHeader(value);
    if (!read.ok) throw new UsageError(`BATON_AGENT: ${read.reason} (expected name/version; model=..., e.g. claude-code/1.4.2; model=claude-sonnet-4)`);
    return read.agent;
  }

  /** The client for a server, with or without a token (device login starts without one). */
  clientFor(token: string | null): BatonClient {
    const agent = this.agent;
    return createClient({
      url: this.url,
      token,
      ...(agent && { agent }),
      headers: { 'user-agent': `baton-cli/${VERSION} node/${process.versions.node} (${process.platform})` },
    });
  }

  /** Why there is no token to send, in words that say what to do (BATON_TOKEN set but withheld: `baton trust`). */
  missingToken(): CliFailure {
    if (this.config.withheldEnvToken) {
      return new CliFailure(
        'UNAUTHENTICATED',
        `BATON_TOKEN is set, but ${this.url} comes from ${PROJECT_CONFIG}, which the repository decides: run \`baton trust\` once to send BATON_TOKEN to that server, or set BATON_URL`,
      );
    }
    const why = this.config.url ? `not signed in to ${this.url}` : 'not signed in';
    return new CliFailure('UNAUTHENTICATED', `${why}: run \`baton login\` or set BATON_TOKEN`);
  }

  /** The signed-in client: a token is required. */
  get api(): BatonClient {
    if (!this.config.token) throw this.missingToken();
    return (this.clientCache ??= this.clientFor(this.config.token.value));
  }

  /** Every product the token sees, archived ones too: a key typed for an archived product is told PRODUCT_ARCHIVED, not NOT_FOUND. */
  products(): Promise<Product[]> {
    return (this.productsCache ??= this.api.products.list.query({ includeArchived: true }));
  }

  /**
   * The product from --product / BATON_PRODUCT / config (a key in any case, or an id: the server resolves it, see
   * core's resolveProductId), else the only one the token sees.
   */
  async product(): Promise<Product> {
    const wanted = this.config.product;
    if (wanted) return (this.productCache ??= this.productNamed(wanted.value, wanted.source));
    const products = await this.products();
    // with none named, an archived product is never picked
    const live = products.filter((p) => !p.archivedAt);
    if (live.length === 1) return live[0]!;
    if (!live.length) throw new CliFailure('NOT_FOUND', 'this account sees no products');
    throw new UsageError(
      `several products (${live.map((p) => p.key).join(', ')}): pass --product KEY, set BATON_PRODUCT, or run \`baton config detect --write\``,
    );
  }

  /** A product named by key (any case) or id, archived ones too, as the server resolves it (core's resolveProductId). */
  productNamed(ref: string, from?: string): Promise<Product> {
    return this.api.products.get.query({ productId: ref }).catch((e: unknown) => {
      if (errorOf(e)?.code !== 'NOT_FOUND') throw e;
      throw new CliFailure('NOT_FOUND', `product ${ref}${from ? ` (from ${from})` : ''} is not one you can see; \`baton config detect\` lists yours`);
    });
  }

  /** An item by key (BAT-42: its product is the key's, resolved by the server) or by id (the configured product). */
  async itemRef(ref: string): Promise<{ productId: string; ref: string }> {
    const key = readItemKey(ref);
    // BAT-42: the key's product, resolved by the server like any product key
    if (key) return { productId: parseItemKey(key)!.productKey, ref: key };
    return { productId: (await this.product()).id, ref: ref.trim() };
  }

  /**
   * Runs a write with an idempotency key; when the request got no answer at all (the connection dropped), it is
   * sent once more with the same key, so it takes effect at most once (and again after Retry-After while the
   * server says the first is still running, IN_PROGRESS).
   */
  async write<T>(send: (idempotencyKey: string) => Promise<T>): Promise<T> {
    const key = `cli:${randomUUID()}`;
    for (let attempt = 0; ; attempt++) {
      try {
        return await send(key);
      } catch (e) {
        // IN_PROGRESS: the resend found the first one still running; the same key answers its result once it ends
        const running = errorOf(e)?.code === 'IN_PROGRESS';
        if (attempt >= 3 || !(running || (attempt === 0 && isTransportError(e)))) throw e;
        await this.io.sleep(running ? 1000 * (Number(errorOf(e)?.details?.retryAfterSeconds) || 1) : 1000);
      }
    }
  }

  async readUserConfig(): Promise<UserConfig> {
    return (await readConfig(this.userConfigPath, UserConfig)) ?? {};
  }

  async updateUserConfig(change: (c: UserConfig) => UserConfig): Promise<void> {
    // read again right before writing, to keep what another baton process saved meanwhile
    await writePrivateConfig(this.userConfigPath, change(await this.readUserConfig()));
  }

  /** The lease this CLI took on an item (by key or id) on this server, if it remembers one. */
  async lease(ref: string): Promise<LeaseState | null> {
    const leases = (await this.readUserConfig()).state?.leases ?? {};
    const key = readItemKey(ref);
    return Object.values(leases).find((l) => sameServer(l.url, this.url) && (l.itemKey === key || l.itemId === ref.trim())) ?? null;
  }

  async rememberLease(
    lease: { itemId: string; itemKey: string; fencingToken: number; leaseExpiresAt: Date },
    productId: string,
  ): Promise<void> {
    const entry = LeaseState.parse({
      url: this.url,
      productId,
      itemId: lease.itemId,
      itemKey: lease.itemKey,
      fencingToken: lease.fencingToken,
      leaseExpiresAt: lease.leaseExpiresAt.toISOString(),
    });
    await this.updateUserConfig((c) => ({ ...c, state: { leases: { ...c.state?.leases, [leaseKey(this.url, lease.itemKey)]: entry } } }));
  }

  /** Forgets the saved lease on an item (by key or id). */
  async forgetLease(ref: string): Promise<void> {
    const key = readItemKey(ref);
    await this.updateUserConfig((c) => {
      const keep = Object.entries(c.state?.leases ?? {}).filter(
        ([, l]) => !(sameServer(l.url, this.url) && (l.itemKey === key || l.itemId === ref.trim())),
      );
      return { ...c, state: { leases: Object.fromEntries(keep) } };
    });
  }
}

const leaseKey = (url: string, itemKey: string) => `${new URL(url).origin} ${itemKey}`;
