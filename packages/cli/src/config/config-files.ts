import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../cli-error.ts';

/** What the CLI remembers of a lease it took, so heartbeat/release/status can send the fencing token. */
export const LeaseState = z.object({
  url: z.string(),
  itemId: z.string(),
  itemKey: z.string(),
  productId: z.string(),
  fencingToken: z.number().int(),
  leaseExpiresAt: z.string(),
});
export type LeaseState = z.infer<typeof LeaseState>;

/** ~/.config/baton/config.json: written by `baton login` (mode 0600) and by claim/next (leases). */
export const UserConfig = z.strictObject({
  url: z.url().optional(),
  token: z.string().min(1).optional(),
  product: z.string().min(1).optional(),
  /** servers (origins) named by a project's .baton/config.json that `baton trust` confirmed: BATON_TOKEN goes there */
  trusted: z.array(z.string()).optional(),
  state: z.strictObject({ leases: z.record(z.string(), LeaseState).default({}) }).optional(),
});
export type UserConfig = z.infer<typeof UserConfig>;

/** .baton/config.json at the git root: shared with the repository, so never a token. */
export const ProjectConfig = z.strictObject({
  url: z.url().optional(),
  product: z.string().min(1).optional(),
});
export type ProjectConfig = z.infer<typeof ProjectConfig>;

export const PROJECT_CONFIG = join('.baton', 'config.json');

/** `$XDG_CONFIG_HOME/baton/config.json`, else `~/.config/baton/config.json`. */
export function userConfigPath(env: NodeJS.ProcessEnv, home: string): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(base, 'baton', 'config.json');
}

/** The nearest directory at or above `cwd` holding `.git` (a directory, or a file in worktrees and submodules). */
export async function findGitRoot(cwd: string): Promise<string | null> {
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (
      await stat(join(dir, '.git')).then(
        () => true,
        () => false,
      )
    )
      return dir;
    if (dirname(dir) === dir) return null;
  }
}

/** A config file checked against its schema; null when it does not exist. A broken one is a usage error. */
export async function readConfig<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S> | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
  const r = schema.safeParse(json);
  if (!r.success) {
    const why = r.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ');
    const hint =
      schema === (ProjectConfig as z.ZodType) && json && typeof json === 'object' && 'token' in json
        ? ' (tokens belong in BATON_TOKEN or `baton login`, not in the repository)'
        : '';
    throw new UsageError(`${path}: ${why}${hint}`);
  }
  return r.data;
}

/** Writes a config file readable by its owner only (0600, directory 0700), atomically (temp file and rename). */
export async function writePrivateConfig(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}

/** Writes .baton/config.json (shared, so ordinary permissions). */
export async function writeProjectConfig(root: string, value: ProjectConfig): Promise<string> {
  const path = join(root, PROJECT_CONFIG);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(value, null, 2) + '\n');
  return path;
}
