import { CodeChallengeMethod, OAuth2Client, OAuth2RequestError } from 'arctic';
import { z } from 'zod';
import { DomainError } from '../errors.ts';
import { exchangeCode, fetchProviderJson, type OAuthProvider } from './oauth-provider.ts';

const API = 'https://api.github.com';
const AUTHORIZE = 'https://github.com/login/oauth/authorize';
const TOKEN = 'https://github.com/login/oauth/access_token';
// read:user for the profile, user:email for the verified addresses (the profile email may be hidden)
const SCOPES = ['read:user', 'user:email'];
const Profile = z.object({ id: z.number().int(), login: z.string(), name: z.string().nullish() });
const Emails = z.array(z.object({ email: z.string(), primary: z.boolean(), verified: z.boolean() }));

/**
 * GitHub sign-in: authorization code + PKCE (S256; GitHub accepts it since July 2025), with the client secret
 * sent as Basic credentials like arctic's own GitHub client, which sends no challenge. The state cookie binds
 * the callback to the browser that started it; the verifier binds the code to this server.
 */
export function githubProvider(cfg: { clientId: string; clientSecret: string }, redirectUri: string): OAuthProvider {
  const github = new OAuth2Client(cfg.clientId, cfg.clientSecret, redirectUri);
  return {
    id: 'github',
    name: 'GitHub',
    accountKey: 'github',
    createAuthorizationUrl: async (state, codeVerifier) =>
      github.createAuthorizationURLWithPKCE(AUTHORIZE, state, CodeChallengeMethod.S256, codeVerifier, SCOPES),
    async identify({ code, codeVerifier }) {
      const tokens = await exchangeCode('GitHub', async () => {
        const t = await github.validateAuthorizationCode(TOKEN, code, codeVerifier);
        // GitHub refuses a code (expired, replayed, wrong verifier) with 200 and an `error` field, which the
        // generic client passes through as if it were tokens
        const refused = t.data as { error?: unknown; error_description?: unknown };
        if (typeof refused.error === 'string') {
          throw new OAuth2RequestError(refused.error, typeof refused.error_description === 'string' ? refused.error_description : null, null, null);
        }
        return t;
      });
      const token = tokens.accessToken();
      const profile = Profile.safeParse(await fetchProviderJson('GitHub', `${API}/user`, token));
      const emails = Emails.safeParse(await fetchProviderJson('GitHub', `${API}/user/emails`, token));
      if (!profile.success || !emails.success) throw new DomainError('UNAVAILABLE', 'GitHub sent an unexpected profile');
      // the primary address when verified, else any verified one; an unverified primary is reported as such
      const primary = emails.data.find((e) => e.primary);
      const chosen = primary?.verified ? primary : (emails.data.find((e) => e.verified) ?? primary);
      return {
        subject: String(profile.data.id),
        email: chosen?.email ?? null,
        emailVerified: chosen?.verified ?? false,
        name: profile.data.name || profile.data.login,
      };
    },
  };
}
