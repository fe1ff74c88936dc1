import { createOAuthProviders } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { readEnv } from './env.ts';
import { oauthConfigFromEnv } from './oauth-config.ts';

const enabled = (vars: Record<string, string>) => [...createOAuthProviders(oauthConfigFromEnv(readEnv(vars))).keys()];

describe('sign-in providers from the environment', () => {
  it('enables each provider by its variables, and none by default', () => {
    expect(enabled({})).toEqual([]);
    expect(enabled({ OAUTH_GOOGLE_CLIENT_ID: 'g', OAUTH_GOOGLE_CLIENT_SECRET: 's' })).toEqual(['google']);
    expect(enabled({ OAUTH_GITHUB_CLIENT_ID: 'g', OAUTH_GITHUB_CLIENT_SECRET: 's' })).toEqual(['github']);
    expect(enabled({ OIDC_ISSUER: 'https://sso.example.com', OIDC_CLIENT_ID: 'baton' })).toEqual(['oidc']);
    expect(
      enabled({
        OAUTH_GOOGLE_CLIENT_ID: 'g',
        OAUTH_GOOGLE_CLIENT_SECRET: 's',
        OAUTH_GITHUB_CLIENT_ID: 'h',
        OAUTH_GITHUB_CLIENT_SECRET: 't',
        OIDC_ISSUER: 'https://sso.example.com',
        OIDC_CLIENT_ID: 'b',
      }),
    ).toEqual(['google', 'github', 'oidc']);
  });

  it('names the OIDC provider and treats its secret as optional (a public client with PKCE)', () => {
    const cfg = oauthConfigFromEnv(readEnv({ OIDC_ISSUER: 'https://sso.example.com', OIDC_CLIENT_ID: 'baton', OIDC_NAME: 'Acme SSO' }));
    expect(cfg.oidc).toEqual({ issuer: 'https://sso.example.com', clientId: 'baton', clientSecret: null, name: 'Acme SSO' });
    expect(oauthConfigFromEnv(readEnv({ OIDC_ISSUER: 'https://sso.example.com', OIDC_CLIENT_ID: 'baton' })).oidc?.name).toBe('SSO');
  });

  it('refuses half a configuration, naming what to set', () => {
    expect(() => oauthConfigFromEnv(readEnv({ OAUTH_GOOGLE_CLIENT_ID: 'g' }))).toThrow(/OAUTH_GOOGLE_CLIENT_SECRET/);
    expect(() => oauthConfigFromEnv(readEnv({ OAUTH_GITHUB_CLIENT_SECRET: 's' }))).toThrow(/OAUTH_GITHUB_CLIENT_ID/);
    expect(() => oauthConfigFromEnv(readEnv({ OIDC_ISSUER: 'https://sso.example.com' }))).toThrow(/OIDC_CLIENT_ID/);
    expect(() => oauthConfigFromEnv(readEnv({ OIDC_CLIENT_ID: 'baton' }))).toThrow(/OIDC_ISSUER/);
  });

  it('builds redirect URIs from PUBLIC_URL, else HOST:PORT, and needs PUBLIC_URL on a random port', () => {
    const google = { OAUTH_GOOGLE_CLIENT_ID: 'g', OAUTH_GOOGLE_CLIENT_SECRET: 's' };
    expect(oauthConfigFromEnv(readEnv({ ...google, PUBLIC_URL: 'https://baton.example.com' })).publicUrl).toBe('https://baton.example.com');
    expect(oauthConfigFromEnv(readEnv({ ...google, HOST: '0.0.0.0', PORT: '8080' })).publicUrl).toBe('http://127.0.0.1:8080');
    expect(() => oauthConfigFromEnv(readEnv({ ...google, PORT: '0' }))).toThrow(/PUBLIC_URL/);
    expect(() => oauthConfigFromEnv(readEnv({ PORT: '0' }))).not.toThrow();
  });
});
