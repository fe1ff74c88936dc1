import { GitHub } from 'arctic';
import { z } from 'zod';
import { DomainError } from '../errors.ts';
import { exchangeCode, fetchProviderJson, type OAuthProvider } from './oauth-provider.ts';

const API = 'https://api.github.com';
// read:user for the profile, user:email for the verified addresses (the profile email may be hidden)
const SCOPES = ['read:user', 'user:email'];
const Profile = z.object({ id: z.number().int(), login: z.string(), name: z.string().nullish() });
const Emails = z.array(z.object({ email: z.string(), primary: z.boolean(), verified: z.boolean() }));

/**
 * GitHub sign-in. arctic's GitHub client sends no PKCE challenge (GitHub OAuth apps rely on the client secret),
 * so the code verifier is unused here; the state cookie still binds the callback to the browser that started it.
 */
export function githubProvider(cfg: { clientId: string; clientSecret: string }, redirectUri: string): OAuthProvider {
  const github = new GitHub(cfg.clientId, cfg.clientSecret, redirectUri);
  return {
    id: 'github',
    name: 'GitHub',
    accountKey: 'github',
    createAuthorizationUrl: async (state) => github.createAuthorizationURL(state, SCOPES),
    async identify({ code }) {
      const tokens = await exchangeCode('GitHub', () => github.validateAuthorizationCode(code));
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
