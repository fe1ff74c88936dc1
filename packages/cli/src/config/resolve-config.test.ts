import { mkdtemp, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../cli-error.ts';
import { findGitRoot, ProjectConfig, readConfig, UserConfig, userConfigPath, writePrivateConfig } from './config-files.ts';
import { resolveConfig, sameServer } from './resolve-config.ts';

const user = { url: 'http://user.example:3000', token: 'usertoken', product: 'USR' };
const project = { url: 'http://project.example', product: 'PRJ' };
const env = { BATON_URL: 'http://env.example', BATON_TOKEN: 'envtoken', BATON_PRODUCT: 'ENV' };

describe('resolveConfig', () => {
  it('takes each setting from flags, then the environment, then the project file, then the user config', () => {
    expect(resolveConfig({ flags: { url: 'http://flag.example', product: 'FLG' }, env, project, user })).toEqual({
      url: { value: 'http://flag.example', source: 'flag' },
      token: { value: 'envtoken', source: 'env' },
      product: { value: 'FLG', source: 'flag' },
      withheldEnvToken: false,
    });
    expect(resolveConfig({ flags: {}, env, project, user })).toMatchObject({
      url: { source: 'env' },
      product: { value: 'ENV', source: 'env' },
    });
    expect(resolveConfig({ flags: {}, env: {}, project, user })).toMatchObject({
      url: { value: project.url, source: 'project' },
      product: { value: 'PRJ', source: 'project' },
    });
    expect(resolveConfig({ flags: {}, env: {}, project: null, user })).toEqual({
      url: { value: user.url, source: 'user' },
      token: { value: 'usertoken', source: 'user' },
      product: { value: 'USR', source: 'user' },
      withheldEnvToken: false,
    });
    expect(resolveConfig({ flags: {}, env: {}, project: null, user: null })).toEqual({ url: null, token: null, product: null, withheldEnvToken: false });
  });

  it('mixes layers per setting, and ignores empty variables', () => {
    expect(resolveConfig({ flags: {}, env: { BATON_PRODUCT: 'ENV', BATON_URL: ' ' }, project: {}, user })).toEqual({
      url: { value: user.url, source: 'user' },
      token: { value: 'usertoken', source: 'user' },
      product: { value: 'ENV', source: 'env' },
      withheldEnvToken: false,
    });
  });

  it('sends the saved token only to the server it was saved for', () => {
    expect(resolveConfig({ flags: {}, env: {}, project, user }).token).toBeNull();
    expect(resolveConfig({ flags: { url: 'http://user.example:3000/' }, env: {}, project, user }).token).toEqual({
      value: 'usertoken',
      source: 'user',
    });
    expect(resolveConfig({ flags: {}, env: { BATON_URL: 'https://user.example:3000' }, project: null, user }).token).toBeNull();
    expect(sameServer('http://a:1/x', 'http://a:1')).toBe(true);
    expect(sameServer('http://a:1', 'http://a:2')).toBe(false);
    expect(sameServer('nonsense', 'http://a')).toBe(false);
  });
});

describe('config files', () => {
  const dirs: string[] = [];
  const tmp = async () => {
    const d = await mkdtemp(join(tmpdir(), 'baton-cli-'));
    dirs.push(d);
    return d;
  };
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it('finds the user config under XDG_CONFIG_HOME, else ~/.config', () => {
    expect(userConfigPath({ XDG_CONFIG_HOME: '/x/cfg' }, '/home/ada')).toBe('/x/cfg/baton/config.json');
    expect(userConfigPath({}, '/home/ada')).toBe('/home/ada/.config/baton/config.json');
    // the XDG spec says relative values are invalid and to be ignored
    expect(userConfigPath({ XDG_CONFIG_HOME: 'relative' }, '/home/ada')).toBe('/home/ada/.config/baton/config.json');
  });

  it('writes the user config readable by its owner only, and reads it back', async () => {
    const path = join(await tmp(), 'nested', 'baton', 'config.json');
    await writePrivateConfig(path, user);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readConfig(path, UserConfig)).toEqual(user);
    await writePrivateConfig(path, { ...user, token: 'rotated' });
    expect(JSON.parse(await readFile(path, 'utf8')).token).toBe('rotated');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('reads a missing file as null and a broken one as a usage error naming the file', async () => {
    const dir = await tmp();
    expect(await readConfig(join(dir, 'none.json'), UserConfig)).toBeNull();
    await writeFile(join(dir, 'bad.json'), '{ nope');
    await expect(readConfig(join(dir, 'bad.json'), UserConfig)).rejects.toThrow(UsageError);
    await writeFile(join(dir, 'typo.json'), JSON.stringify({ prodcut: 'BAT' }));
    await expect(readConfig(join(dir, 'typo.json'), UserConfig)).rejects.toThrow(/typo\.json: .*prodcut/);
  });

  it('refuses a token in the project config, which is shared with the repository', async () => {
    const dir = await tmp();
    await writeFile(join(dir, 'config.json'), JSON.stringify({ product: 'BAT', token: 'leaked' }));
    await expect(readConfig(join(dir, 'config.json'), ProjectConfig)).rejects.toThrow(/not in the repository/);
  });

  it('finds the git root from a nested directory, with .git as a directory or a file', async () => {
    const root = await tmp();
    await mkdir(join(root, '.git'));
    await mkdir(join(root, 'a', 'b'), { recursive: true });
    expect(await findGitRoot(join(root, 'a', 'b'))).toBe(root);
    const worktree = await tmp();
    await writeFile(join(worktree, '.git'), 'gitdir: /elsewhere');
    expect(await findGitRoot(worktree)).toBe(worktree);
  });
});
