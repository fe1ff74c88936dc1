import { describe, expect, it } from 'vitest';
import { prNumber } from './pull-request-url.ts';

describe('prNumber', () => {
  it('reads GitHub, GitLab and Gitea pull request URLs', () => {
    expect(prNumber('https://github.com/acme/baton/pull/42')).toBe(42);
    expect(prNumber('https://github.com/acme/baton/pull/42/files')).toBe(42);
    expect(prNumber('https://gitlab.com/acme/baton/-/merge_requests/7')).toBe(7);
    expect(prNumber('https://gitea.example.com/acme/baton/pulls/3?x=1')).toBe(3);
    expect(prNumber('https://example.com/acme/baton/commit/abc')).toBeUndefined();
  });
});
