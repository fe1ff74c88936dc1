import { ArcticFetchError, OAuth2RequestError } from 'arctic';
import { DomainError } from '../errors.ts';

export type OAuthProviderId = 'google' | 'github' | 'oidc';

/** Who the provider says signed in: `subject` is stable per provider, the email may change or be unverified. */
export type ExternalIdentity = { subject: string; email: string | null; emailVerified: boolean; name: string | null };

/** What the login page lists. */
export type OAuthProviderInfo = { id: OAuthProviderId; name: string };

export type OAuthCallback = {
  code: string;
  codeVerifier: string;
  /** the authorization response's `iss` parameter (RFC 9207), when the provider sent one */
  iss?: string | null;
  now: Date;
};

export type OAuthProvider = OAuthProviderInfo & {
  /** OAuthAccount.provider: subjects are unique per issuer only, so a generic issuer is keyed by its URL */
  accountKey: string;
  createAuthorizationUrl(state: string, codeVerifier: string): Promise<URL>;
  identify(callback: OAuthCallback): Promise<ExternalIdentity>;
};

const TIMEOUT_MS = 10_000;

/** GET a provider's JSON (discovery, userinfo, GitHub's API); a network failure or non-2xx answers UNAVAILABLE. */
export async function fetchProviderJson(providerName: string, url: string, accessToken?: string): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { accept: 'application/json', 'user-agent': 'baton', ...(accessToken && { authorization: `Bearer ${accessToken}` }) },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (e) {
    throw new DomainError('UNAVAILABLE', `${providerName} could not be reached; try again shortly`, { reason: (e as Error).message });
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new DomainError('UNAVAILABLE', `${providerName} answered ${res.status}; try again shortly`, { status: res.status });
  }
  try {
    return await res.json();
  } catch {
    throw new DomainError('UNAVAILABLE', `${providerName} sent a malformed response`);
  }
}

/** The token exchange: a refused code (expired, replayed, wrong verifier) is BAD_INPUT; an outage is UNAVAILABLE. */
export async function exchangeCode<T>(providerName: string, exchange: () => Promise<T>): Promise<T> {
  try {
    return await exchange();
  } catch (e) {
    if (e instanceof OAuth2RequestError) {
      throw new DomainError('BAD_INPUT', `${providerName} refused the sign-in: ${e.code}${e.description ? ` (${e.description})` : ''}`, {
        reason: e.code,
      });
    }
    if (e instanceof ArcticFetchError) throw new DomainError('UNAVAILABLE', `${providerName} could not be reached; try again shortly`);
    throw new DomainError('UNAVAILABLE', `${providerName} sent an unexpected token response`, { reason: (e as Error).message });
  }
}

/** `email_verified` is a boolean by the spec; some issuers (Cognito) send the string "true". */
export const isTrue = (v: unknown) => v === true || v === 'true';
