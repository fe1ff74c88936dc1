import { describe, expect, it } from 'vitest';
import { pullRequestRefs } from './pr-refs.ts';
import { githubSignature, verifyGithubSignature } from './signature.ts';

const refs = (pr: Partial<{ branch: string; title: string; body: string | null }>, keys = ['BAT']) =>
  pullRequestRefs({ branch: '', title: '', body: null, ...pr }, keys);

describe('pull request refs', () => {
  it('reads the key from a Baton branch, any case, and not from longer keys or numbers', () => {
    expect([...refs({ branch: 'feature/bat-42-login-fails' }).closes]).toEqual([[42, ['branch']]]);
    expect(refs({ branch: 'feature/xbat-42' }).closes.size).toBe(0);
    expect(refs({ branch: 'bat-42x' }).closes.size).toBe(0);
    expect([...refs({ branch: 'dev/BAT-7_fix' }).closes.keys()]).toEqual([7]);
    expect(refs({ branch: 'bat-420' }).closes.has(42)).toBe(false);
  });

  it('reads the key from the title and closing words, with lists', () => {
    const r = refs({ title: 'BAT-1: speed up', body: 'Fixes BAT-2, BAT-3 and BAT-4.\nresolved: bat-5\nCloses #9' });
    expect([...r.closes.keys()].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    expect(r.closes.get(1)).toEqual(['title']);
    expect(r.closes.get(2)).toEqual(['closes']);
  });

  it('links without closing after ref, part of and towards; closing wins when both', () => {
    const r = refs({ body: 'Part of BAT-7. Refs BAT-8, towards BAT-9. Fixes BAT-9' });
    expect([...r.refs].sort()).toEqual([7, 8]);
    expect([...r.closes.keys()]).toEqual([9]);
  });

  it('ignores other products, bare mentions and words inside words', () => {
    const r = refs({ title: 'OTHER-1 and prefix', body: 'mentions BAT-3 in passing; prefixes BAT-4; unfixed BAT-5' });
    expect(r.closes.size).toBe(0);
    expect(r.refs.size).toBe(0);
  });

  it('reads a megabyte of hostile description in linear time', () => {
    const started = performance.now();
    // quadratic matching would take hours over this; linear takes milliseconds
    const r = refs({ body: `Fixes${' '.repeat(500_000)}x part of${' '.repeat(500_000)}BAT-2` });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect([...r.refs]).toEqual([2]);
  });

  it('knows former keys', () => {
    expect([...refs({ title: 'OLD-3 fix' }, ['BAT', 'OLD']).closes.keys()]).toEqual([3]);
  });
});

describe('GitHub signatures', () => {
  const body = Buffer.from('{"zen":"Keep it logically awesome."}');
  it('verifies its own signature and nothing else', () => {
    const sig = githubSignature('s3cret-s3cret-s3cret', body);
    expect(verifyGithubSignature('s3cret-s3cret-s3cret', body, sig)).toBe(true);
    expect(verifyGithubSignature('another-secret-123', body, sig)).toBe(false);
    expect(verifyGithubSignature('s3cret-s3cret-s3cret', Buffer.from('{}'), sig)).toBe(false);
    expect(verifyGithubSignature('s3cret-s3cret-s3cret', body, undefined)).toBe(false);
    expect(verifyGithubSignature('s3cret-s3cret-s3cret', body, 'sha256=abc')).toBe(false);
    expect(verifyGithubSignature('s3cret-s3cret-s3cret', body, sig.replace('sha256=', 'sha1='))).toBe(false);
  });
});
