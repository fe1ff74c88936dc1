import type { ProjectConfig, UserConfig } from './config-files.ts';

export type Source = 'flag' | 'env' | 'project' | 'user';
export type Setting = { value: string; source: Source } | null;
export type ResolvedConfig = {
  url: Setting;
  token: Setting;
  product: Setting;
  /** BATON_TOKEN is set but withheld: the server comes from the project's config and `baton trust` has not confirmed it */
  withheldEnvToken: boolean;
};

export type Layers = {
  flags: { url?: string | undefined; product?: string | undefined };
  env: NodeJS.ProcessEnv;
  project: ProjectConfig | null;
  user: UserConfig | null;
};

const first = (...candidates: [string | undefined, Source][]): Setting => {
  for (const [value, source] of candidates) if (value && value.trim()) return { value: value.trim(), source };
  return null;
};

/**
 * Each setting from the first place that has it: flags, then the environment (BATON_URL, BATON_TOKEN,
 * BATON_PRODUCT), then .baton/config.json at the git root, then the user's config. The token never comes from the
 * project file (it is shared with the repository).
 */
export function resolveConfig({ flags, env, project, user }: Layers): ResolvedConfig {
  const url = first([flags.url, 'flag'], [env.BATON_URL, 'env'], [project?.url, 'project'], [user?.url, 'user']);
  // the saved token belongs to the server `baton login` talked to: never send it to another one
  const saved = user?.token && user.url && url && sameServer(user.url, url.value) ? user.token : undefined;
  // BATON_TOKEN goes only to a server the caller named (flag or BATON_URL), or to one a cloned repository's
  // .baton/config.json points at once the user confirmed that server (`baton trust`), never to any other
  const named = url !== null && (url.source === 'flag' || url.source === 'env');
  const trusted = url?.source === 'project' && (user?.trusted ?? []).some((t) => sameServer(t, url.value));
  const envToken = env.BATON_TOKEN?.trim() ? env.BATON_TOKEN : undefined;
  const token = first([named || trusted ? envToken : undefined, 'env'], [saved, 'user']);
  return {
    url,
    token,
    withheldEnvToken: envToken !== undefined && url?.source === 'project' && !trusted && token?.source !== 'env',
    product: first([flags.product, 'flag'], [env.BATON_PRODUCT, 'env'], [project?.product, 'project'], [user?.product, 'user']),
  };
}

/** Same origin, ignoring a trailing slash or path: `http://host:3000/` and `http://host:3000` are one server. */
export function sameServer(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
