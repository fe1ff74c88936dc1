import { describe, expect, it } from 'vitest';
import { parseRemote } from './parse-remote.ts';
import { suggestProducts } from './suggest-products.ts';

describe('parseRemote', () => {
  const forms: [string, ReturnType<typeof parseRemote>][] = [
    ['https://github.com/acme/baton.git', { host: 'github.com', forge: 'github', owner: 'acme', repo: 'baton' }],
    ['https://github.com/acme/baton', { host: 'github.com', forge: 'github', owner: 'acme', repo: 'baton' }],
    ['https://github.com/acme/baton/', { host: 'github.com', forge: 'github', owner: 'acme', repo: 'baton' }],
    ['git@github.com:acme/baton.git', { host: 'github.com', forge: 'github', owner: 'acme', repo: 'baton' }],
    ['git@github.com:acme/baton', { host: 'github.com', forge: 'github', owner: 'acme', repo: 'baton' }],
    ['ssh://git@github.com/acme/baton.git', { host: 'github.com', forge: 'github', owner: 'acme', repo: 'baton' }],
    ['git://github.com/acme/baton.git', { host: 'github.com', forge: 'github', owner: 'acme', repo: 'baton' }],
    ['https://x-access-token:ghp_secret@github.com/acme/baton.git', { host: 'github.com', forge: 'github', owner: 'acme', repo: 'baton' }],
    ['https://GitHub.com/Acme/Baton.GIT', { host: 'github.com', forge: 'github', owner: 'Acme', repo: 'Baton' }],
    ['https://gitlab.com/acme/platform/baton.git', { host: 'gitlab.com', forge: 'gitlab', owner: 'acme/platform', repo: 'baton' }],
    ['git@gitlab.com:acme/platform/baton.git', { host: 'gitlab.com', forge: 'gitlab', owner: 'acme/platform', repo: 'baton' }],
    ['ssh://git@gitlab.example.com:2222/acme/baton.git', { host: 'gitlab.example.com', forge: 'gitlab', owner: 'acme', repo: 'baton' }],
    ['https://gitea.example.com:3000/acme/baton.git', { host: 'gitea.example.com', forge: 'gitea', owner: 'acme', repo: 'baton' }],
    ['git@gitea.example.com:acme/baton', { host: 'gitea.example.com', forge: 'gitea', owner: 'acme', repo: 'baton' }],
    ['https://codeberg.org/acme/baton', { host: 'codeberg.org', forge: 'gitea', owner: 'acme', repo: 'baton' }],
    ['git@git.internal:acme/baton.git', { host: 'git.internal', forge: 'unknown', owner: 'acme', repo: 'baton' }],
    ['  https://github.com/acme/baton.git\n', { host: 'github.com', forge: 'github', owner: 'acme', repo: 'baton' }],
  ];
  it.each(forms)('reads %s', (url, want) => {
    expect(parseRemote(url)).toEqual(want);
  });

  it('never keeps credentials from the URL', () => {
    expect(JSON.stringify(parseRemote('https://user:hunter2@github.com/acme/baton.git'))).not.toContain('hunter2');
  });

  it.each([
    '',
    '/srv/git/baton.git',
    '../baton',
    'C:\\repos\\baton',
    'file:///srv/git/baton.git',
    'https://github.com/baton',
    'git@github.com:baton',
    'not a url',
  ])('gives null for %j', (url) => {
    expect(parseRemote(url)).toBeNull();
  });
});

describe('suggestProducts', () => {
  const products = [
    { id: '1', key: 'BAT', name: 'Baton' },
    { id: '2', key: 'WEB', name: 'Website' },
    { id: '3', key: 'API', name: 'Public API' },
    { id: '4', key: 'ACME', name: 'Acme' },
  ];
  const remote = (repo: string, owner = 'acme') => ({ host: 'github.com', forge: 'github' as const, owner, repo });
  const keys = (repo: string, owner?: string) => suggestProducts(remote(repo, owner), products).map((s) => s.product.key);

  it('prefers a key equal to the repository, then a name, then overlaps', () => {
    expect(keys('bat')).toEqual(['BAT', 'ACME']); // the owner matches too, far behind
    expect(keys('baton')[0]).toBe('BAT');
    expect(keys('Baton.js')[0]).toBe('BAT');
    expect(keys('website')[0]).toBe('WEB');
    expect(keys('public-api')[0]).toBe('API');
    expect(keys('api')[0]).toBe('API');
  });

  it('explains each suggestion', () => {
    expect(suggestProducts(remote('baton'), products)[0]).toMatchObject({ score: 90, reason: 'name "Baton" is the repository name' });
  });

  it('falls back to the owner, and suggests nothing for an unrelated repository', () => {
    expect(keys('tooling')).toEqual(['ACME']);
    expect(keys('tooling', 'someone')).toEqual([]);
  });
});
