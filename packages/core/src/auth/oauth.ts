import { Email } from '@baton/contracts';
import { generateCodeVerifier, generateState } from 'arctic';
import type { Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { githubProvider } from './oauth-github.ts';
import { googleProvider } from './oauth-google.ts';
import { oidcProvider, type OidcConfig } from './oauth-oidc.ts';
import type { ExternalIdentity, OAuthProvider, OAuthProviderInfo } from './oauth-provider.ts';
import { createSession } from './sessions.ts';

export type { OAuthProvider, OAuthProviderInfo } from './oauth-provider.ts';

/** Which sign-in providers are on; each is present only when fully configured. */
export type OAuthConfig = {
  /** this server's public origin; the callback is `<publicUrl>/auth/oauth/<provider>/callback` */
  publicUrl: string;
  google?: { clientId: string; clientSecret: string };
  github?: { clientId: string; clientSecret: string };
  oidc?: OidcConfig;
};

export type OAuthProviders = ReadonlyMap<string, OAuthProvider>;

export const oauthCallbackPath = (providerId: string) => `/auth/oauth/${providerId}/callback`;

/** The enabled providers by id (`google`, `github`, `oidc`); building them does no network I/O. */
export function createOAuthProviders(config: OAuthConfig): OAuthProviders {
  const redirect = (id: string) => new URL(oauthCallbackPath(id), config.publicUrl).href;
  const providers = new Map<string, OAuthProvider>();
  if (config.google) providers.set('google', googleProvider(config.google, redirect('google')));
  if (config.github) providers.set('github', githubProvider(config.github, redirect('github')));
  if (config.oidc) providers.set('oidc', oidcProvider(config.oidc, redirect('oidc')));
  return providers;
}

export const listOAuthProviders = (providers: OAuthProviders): OAuthProviderInfo[] =>
  [...providers.values()].map(({ id, name }) => ({ id, name }));

/** Where to send the browser, plus the state and PKCE verifier the caller keeps (in cookies) for the callback. */
export async function startOAuth(provider: OAuthProvider): Promise<{ url: URL; state: string; codeVerifier: string }> {
  const state = generateState();
  const codeVerifier = generateCodeVerifier();
  return { url: await provider.createAuthorizationUrl(state, codeVerifier), state, codeVerifier };
}

type Meta = { userAgent?: string | null; ip?: string | null };

/**
 * Completes a sign-in: exchanges the code, finds or links or creates the user, and starts a session. With TOTP
 * enabled the session starts unverified, so the MFA step still applies. The caller has already checked `state`.
 */
export async function finishOAuth(
  deps: Deps,
  provider: OAuthProvider,
  input: { code: string; codeVerifier: string; iss?: string | null },
  meta: Meta,
) {
  const identity = await provider.identify({ ...input, now: deps.clock() });
  const userId = await resolveUser(deps, provider, identity);
  const user = await deps.db.user.findUniqueOrThrow({ where: { id: userId }, select: { totpEnabledAt: true } });
  const mfaRequired = user.totpEnabledAt !== null;
  return { ...(await createSession(deps, userId, { twoFactorVerified: !mfaRequired, ...meta })), mfaRequired };
}

/**
 * The linked account by (provider, subject); else the user with the same email, linked, only when the provider
 * verified that email; else a new user without a password. Unverified emails never link and never create: a
 * user created from an unverified address would be linked to whoever later proves that address (pre-hijacking).
 */
async function resolveUser(deps: Deps, provider: OAuthProvider, who: ExternalIdentity, retried = false): Promise<string> {
  const key = { provider: provider.accountKey, providerUserId: who.subject };
  const linked = await deps.db.oAuthAccount.findUnique({ where: { provider_providerUserId: key }, select: { userId: true } });
  if (linked) return linked.userId;

  const email = Email.safeParse(who.email ?? '');
  if (!email.success)
    throw new DomainError(
      'FORBIDDEN',
      `${provider.name} did not share an email address with Baton; allow access to your email and try again`,
    );
  if (!who.emailVerified) {
    throw new DomainError('FORBIDDEN', `${provider.name} has not verified ${email.data}; verify it with ${provider.name} and try again`, {
      reason: 'email_unverified',
    });
  }
  try {
    const existing = await deps.db.user.findUnique({ where: { email: email.data }, select: { id: true } });
    if (existing) {
      await deps.db.oAuthAccount.create({ data: { ...key, userId: existing.id } });
      return existing.id;
    }
    const name = (who.name?.trim() || email.data.split('@')[0] || email.data).slice(0, 100);
    const created = await deps.db.user.create({ data: { email: email.data, name, oauthAccounts: { create: key } }, select: { id: true } });
    return created.id;
  } catch (e) {
    // a concurrent callback for the same person won the race: the second look finds what it created
    if ((e as { code?: string }).code === 'P2002' && !retried) return resolveUser(deps, provider, who, true);
    throw e;
  }
}
