import type { OAuthConfig } from '@baton/core';
import type { Env } from './env.ts';

/**
 * The sign-in providers the environment turns on. A provider is on when its client id is set; a half-configured
 * one (an id without its secret, an issuer without a client id) stops the start with the variable to set.
 * Redirect URIs are built from PUBLIC_URL, else from HOST:PORT (registered with the provider either way).
 */
export function oauthConfigFromEnv(env: Env): OAuthConfig {
  const missing: string[] = [];
  const pair = (id: string | undefined, secret: string | undefined, idVar: string, secretVar: string) => {
    if (!id && !secret) return undefined;
    if (!id) missing.push(`${idVar} (${secretVar} is set)`);
    if (!secret) missing.push(`${secretVar} (${idVar} is set)`);
    return id && secret ? { clientId: id, clientSecret: secret } : undefined;
  };
  const google = pair(env.OAUTH_GOOGLE_CLIENT_ID, env.OAUTH_GOOGLE_CLIENT_SECRET, 'OAUTH_GOOGLE_CLIENT_ID', 'OAUTH_GOOGLE_CLIENT_SECRET');
  const github = pair(env.OAUTH_GITHUB_CLIENT_ID, env.OAUTH_GITHUB_CLIENT_SECRET, 'OAUTH_GITHUB_CLIENT_ID', 'OAUTH_GITHUB_CLIENT_SECRET');
  if (!env.OIDC_ISSUER && (env.OIDC_CLIENT_ID || env.OIDC_CLIENT_SECRET))
    missing.push('OIDC_ISSUER (OIDC_CLIENT_ID or OIDC_CLIENT_SECRET is set)');
  if (env.OIDC_ISSUER && !env.OIDC_CLIENT_ID) missing.push('OIDC_CLIENT_ID (OIDC_ISSUER is set)');
  const any = google || github || env.OIDC_ISSUER;
  if (any && !env.PUBLIC_URL && env.PORT === 0)
    missing.push('PUBLIC_URL (the port is chosen at start, so redirect URIs cannot be derived)');
  if (missing.length) throw new Error(`Incomplete sign-in provider settings; also set:\n${missing.map((m) => `  ${m}`).join('\n')}`);
  const host = env.HOST === '0.0.0.0' || env.HOST === '::' ? '127.0.0.1' : env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST;
  return {
    publicUrl: env.PUBLIC_URL ?? `http://${host}:${env.PORT}`,
    ...(google && { google }),
    ...(github && { github }),
    // the secret is optional: a public client authenticates the exchange with PKCE alone
    ...(env.OIDC_ISSUER &&
      env.OIDC_CLIENT_ID && {
        oidc: { issuer: env.OIDC_ISSUER, clientId: env.OIDC_CLIENT_ID, clientSecret: env.OIDC_CLIENT_SECRET ?? null, name: env.OIDC_NAME },
      }),
  };
}
