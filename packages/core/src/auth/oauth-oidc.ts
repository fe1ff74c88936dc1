import { CodeChallengeMethod, decodeIdToken, OAuth2Client } from 'arctic';
import { z } from 'zod';
import { DomainError } from '../errors.ts';
import { exchangeCode, fetchProviderJson, isTrue, type OAuthProvider } from './oauth-provider.ts';

const SCOPES = ['openid', 'email', 'profile'];
const CLOCK_SKEW_S = 60;

const Discovery = z.object({
  issuer: z.string(),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  userinfo_endpoint: z.url().optional(),
  authorization_response_iss_parameter_supported: z.boolean().optional(),
});
type Discovery = z.infer<typeof Discovery>;

const IdToken = z.object({
  iss: z.string(),
  sub: z.string().min(1),
  aud: z.union([z.string(), z.array(z.string())]),
  exp: z.number(),
  azp: z.string().optional(),
  email: z.string().optional(),
  email_verified: z.unknown().optional(),
  name: z.string().optional(),
});
const UserInfo = z.object({
  sub: z.string(),
  email: z.string().optional(),
  email_verified: z.unknown().optional(),
  name: z.string().optional(),
});

const trimSlash = (s: string) => s.replace(/\/+$/, '');

export type OidcConfig = { issuer: string; clientId: string; clientSecret: string | null; name: string };

/**
 * Any OpenID Connect issuer, found by discovery: authorization code + PKCE (S256). The ID token comes straight
 * from the token endpoint (so its signature is not checked, as OIDC Core 3.1.3.7 allows), but its iss, aud and
 * exp are; the profile is read from the discovered userinfo endpoint and must name the same subject.
 */
export function oidcProvider(cfg: OidcConfig, redirectUri: string): OAuthProvider {
  const client = new OAuth2Client(cfg.clientId, cfg.clientSecret, redirectUri);
  let discovery: Promise<Discovery> | null = null;

  async function discover(): Promise<Discovery> {
    const raw = await fetchProviderJson(cfg.name, `${trimSlash(cfg.issuer)}/.well-known/openid-configuration`);
    const meta = Discovery.safeParse(raw);
    if (!meta.success) throw new DomainError('UNAVAILABLE', `${cfg.name} published an unusable OpenID configuration`);
    // OIDC Discovery 4.3: the document must name the issuer it was fetched from
    if (trimSlash(meta.data.issuer) !== trimSlash(cfg.issuer)) {
      throw new DomainError('UNAVAILABLE', `${cfg.name}'s OpenID configuration names another issuer (${meta.data.issuer})`);
    }
    return meta.data;
  }
  // cached once fetched; a failure is not cached, so the next sign-in tries again
  const metadata = () =>
    (discovery ??= discover().catch((e: unknown) => {
      discovery = null;
      throw e;
    }));

  return {
    id: 'oidc',
    name: cfg.name,
    accountKey: `oidc:${trimSlash(cfg.issuer)}`,
    async createAuthorizationUrl(state, codeVerifier) {
      const meta = await metadata();
      return client.createAuthorizationURLWithPKCE(meta.authorization_endpoint, state, CodeChallengeMethod.S256, codeVerifier, SCOPES);
    },
    async identify({ code, codeVerifier, iss, now }) {
      const meta = await metadata();
      // RFC 9207: a response from another issuer (mix-up attack) is refused
      if (iss ? iss !== meta.issuer : meta.authorization_response_iss_parameter_supported) {
        throw new DomainError('BAD_INPUT', `The sign-in response did not come from ${cfg.name}`);
      }
      const tokens = await exchangeCode(cfg.name, () => client.validateAuthorizationCode(meta.token_endpoint, code, codeVerifier));
      const claims = checkIdToken(tokens.data, meta.issuer, cfg.clientId, now, cfg.name);
      let info: z.infer<typeof UserInfo> | null = null;
      if (meta.userinfo_endpoint) {
        const parsed = UserInfo.safeParse(await fetchProviderJson(cfg.name, meta.userinfo_endpoint, tokens.accessToken()));
        if (!parsed.success) throw new DomainError('UNAVAILABLE', `${cfg.name} sent an unexpected profile`);
        if (parsed.data.sub !== claims.sub)
          throw new DomainError('UNAUTHENTICATED', `${cfg.name}'s profile is for another subject than its ID token`);
        info = parsed.data;
      }
      // an email and its verified flag are taken together, from one source: userinfo when it has one
      const source = info?.email ? info : claims;
      return {
        subject: claims.sub,
        email: source.email ?? null,
        emailVerified: isTrue(source.email_verified),
        name: info?.name ?? claims.name ?? null,
      };
    },
  };
}

/** The ID token's claims, after checking it was issued by this issuer, for this client, and has not expired. */
export function checkIdToken(tokenResponse: object, issuer: string, clientId: string, now: Date, providerName: string) {
  const raw = (tokenResponse as { id_token?: unknown }).id_token;
  if (typeof raw !== 'string') throw new DomainError('UNAUTHENTICATED', `${providerName} returned no ID token`);
  let decoded: unknown;
  try {
    decoded = decodeIdToken(raw);
  } catch {
    throw new DomainError('UNAUTHENTICATED', `${providerName} returned a malformed ID token`);
  }
  const parsed = IdToken.safeParse(decoded);
  if (!parsed.success) throw new DomainError('UNAUTHENTICATED', `${providerName} returned an ID token without the required claims`);
  const t = parsed.data;
  const audience = Array.isArray(t.aud) ? t.aud : [t.aud];
  const checks: [failed: boolean, problem: string][] = [
    [t.iss !== issuer, 'was issued by another issuer'],
    [!audience.includes(clientId), 'is for another client'],
    [audience.length > 1 && t.azp !== clientId, 'was issued to another party'],
    [t.exp + CLOCK_SKEW_S <= now.getTime() / 1000, 'has expired'],
  ];
  const invalid = checks.find(([failed]) => failed)?.[1];
  if (invalid) throw new DomainError('UNAUTHENTICATED', `${providerName}'s ID token ${invalid}`);
  return t;
}
