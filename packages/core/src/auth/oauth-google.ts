import { Google } from 'arctic';
import { z } from 'zod';
import { DomainError } from '../errors.ts';
import { exchangeCode, fetchProviderJson, isTrue, type OAuthProvider } from './oauth-provider.ts';

const USERINFO = 'https://openidconnect.googleapis.com/v1/userinfo';
const SCOPES = ['openid', 'email', 'profile'];
const UserInfo = z.object({
  sub: z.string().min(1),
  email: z.string().optional(),
  email_verified: z.unknown().optional(),
  name: z.string().optional(),
});

/** Google sign-in: authorization code + PKCE, identity from the userinfo endpoint over TLS. */
export function googleProvider(cfg: { clientId: string; clientSecret: string }, redirectUri: string): OAuthProvider {
  const google = new Google(cfg.clientId, cfg.clientSecret, redirectUri);
  return {
    id: 'google',
    name: 'Google',
    accountKey: 'google',
    createAuthorizationUrl: async (state, codeVerifier) => google.createAuthorizationURL(state, codeVerifier, SCOPES),
    async identify({ code, codeVerifier }) {
      const tokens = await exchangeCode('Google', () => google.validateAuthorizationCode(code, codeVerifier));
      const info = UserInfo.safeParse(await fetchProviderJson('Google', USERINFO, tokens.accessToken()));
      if (!info.success) throw new DomainError('UNAVAILABLE', 'Google sent an unexpected profile');
      return {
        subject: info.data.sub,
        email: info.data.email ?? null,
        emailVerified: isTrue(info.data.email_verified),
        name: info.data.name ?? null,
      };
    },
  };
}
