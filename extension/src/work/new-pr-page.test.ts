import { describe, expect, it } from 'vitest';
import { forgeRepo, newPrPage, prTitle } from './new-pr-page.ts';

describe('forgeRepo', () => {
  it('reads GitHub and GitLab remotes in their usual shapes', () => {
    expect(forgeRepo('git@github.com:acme/shop.git')).toEqual({ forge: 'github', web: 'https://github.com/acme/shop' });
    expect(forgeRepo('https://github.com/acme/shop.git')).toEqual({ forge: 'github', web: 'https://github.com/acme/shop' });
    expect(forgeRepo('https://user:pw@github.example.com/acme/shop/')).toEqual({ forge: 'github', web: 'https://github.example.com/acme/shop' });
    expect(forgeRepo('ssh://git@gitlab.example.com:2222/group/sub/shop.git')).toEqual({ forge: 'gitlab', web: 'https://gitlab.example.com/group/sub/shop' });
    expect(forgeRepo('git@gitlab.com:group/shop')).toEqual({ forge: 'gitlab', web: 'https://gitlab.com/group/shop' });
  });
  it('knows nothing of other hosts, local paths or junk', () => {
    expect(forgeRepo('git@bitbucket.org:acme/shop.git')).toBeUndefined();
    expect(forgeRepo('/srv/git/shop.git')).toBeUndefined();
    expect(forgeRepo('file:///srv/github/shop.git')).toBeUndefined();
    expect(forgeRepo('https://github.com/')).toBeUndefined();
    expect(forgeRepo('not a url')).toBeUndefined();
  });
});

describe('newPrPage', () => {
  const title = prTitle('BAT-42', 'Checkout & pay: 100% fixed?');
  it("opens GitHub's compare view for the branch with the title and body", () => {
    const url = new URL(newPrPage({ forge: 'github', web: 'https://github.com/acme/shop' }, 'bug/bat-42-checkout', title, 'Baton: BAT-42'));
    expect(url.origin + url.pathname).toBe('https://github.com/acme/shop/compare/bug/bat-42-checkout');
    expect(Object.fromEntries(url.searchParams)).toEqual({ expand: '1', title: 'BAT-42: Checkout & pay: 100% fixed?', body: 'Baton: BAT-42' });
  });
  it("opens GitLab's new merge request form with the source branch, title and description", () => {
    const url = new URL(newPrPage({ forge: 'gitlab', web: 'https://gitlab.com/g/shop' }, 'feature/bat-7', title, 'body'));
    expect(url.origin + url.pathname).toBe('https://gitlab.com/g/shop/-/merge_requests/new');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      'merge_request[source_branch]': 'feature/bat-7',
      'merge_request[title]': title,
      'merge_request[description]': 'body',
    });
  });
});
