import { describe, expect, it } from 'vitest';
import { branchName, isValidBranchName, itemKeyInBranch, sanitizeRefName, slugify, unknownTemplateVariables } from './branch-name.ts';

const item = { key: 'BAT-42', number: 42, type: 'bug', title: 'Login fails on Safari when the cookie expires' };

describe('branchName', () => {
  it('fills the default template {type}/{key}-{slug} in lowercase', () => {
    expect(branchName(item)).toBe('bug/bat-42-login-fails-on-safari-when-the-cookie-expires');
  });

  it('fills every variable: key, number, type, slug, user', () => {
    expect(branchName({ ...item, user: 'Dana Dev' }, { template: '{user}/{number}-{type}-{key}-{slug}', maxLength: 200 })).toBe(
      'dana-dev/42-bug-bat-42-login-fails-on-safari-when-the-cookie-expires',
    );
  });

  it('shortens the slug at a word boundary and never cuts the key', () => {
    const name = branchName(item, { maxLength: 30 });
    expect(name).toBe('bug/bat-42-login-fails-on');
    expect(name.length).toBeLessThanOrEqual(30);
  });

  it('cuts one over-long word hard', () => {
    expect(branchName({ ...item, title: 'a'.repeat(100) }, { maxLength: 20 })).toBe(`bug/bat-42-${'a'.repeat(9)}`);
  });

  it('folds accents and drops punctuation from the title', () => {
    expect(branchName({ ...item, title: 'Crème brûlée: «fix» the ~tilde^ & *stars*?' })).toBe('bug/bat-42-creme-brulee-fix-the-tilde-stars');
  });

  it('produces valid refs from hostile templates', () => {
    for (const template of ['{key}..{slug}', '.{key}/', '{key}.lock', 'feat//{key}~1', '{key}@{slug}', '-{key}', '{slug}/.hidden/{key}.']) {
      const name = branchName(item, { template });
      expect(isValidBranchName(name), `${template} -> ${name}`).toBe(true);
    }
  });

  it('falls back to the key when the title has no letters', () => {
    expect(branchName({ ...item, title: '!!!' }, { template: '{slug}' })).toBe('bat-42');
  });

  it('uses the default template when the setting is blank', () => {
    expect(branchName(item, { template: '  ' })).toBe(branchName(item));
  });
});

describe('ref rules', () => {
  it('sanitizes what git check-ref-format rejects', () => {
    expect(sanitizeRefName('Feature/My Branch..name.lock/')).toBe('feature/my-branch.name');
    expect(sanitizeRefName('a:b?c*d[e\\f')).toBe('a-b-c-d-e-f');
  });

  it('tells valid names from invalid ones', () => {
    expect(isValidBranchName('bug/bat-1-x')).toBe(true);
    for (const bad of ['', '@', 'a..b', 'a b', 'a~1', 'a^', 'a:b', 'a?', 'a*', 'a[b', 'a\\b', 'a/', 'a.', 'a.lock', 'a//b', '.a', 'x/.a', '-a', 'a@{b'])
      expect(isValidBranchName(bad), bad).toBe(false);
  });

  it('slugifies and reports unknown variables', () => {
    expect(slugify('  Hello, World!  ')).toBe('hello-world');
    expect(unknownTemplateVariables('{type}/{key}-{title}{ user }')).toEqual(['title', ' user ']);
  });
});

describe('itemKeyInBranch', () => {
  it('finds the key the templates write, in any case, as a word of its own', () => {
    expect(itemKeyInBranch(branchName(item), 'BAT')).toBe('BAT-42');
    expect(itemKeyInBranch('bug/bat-103-checkout-fails', 'BAT')).toBe('BAT-103');
    expect(itemKeyInBranch('BAT-7', 'bat')).toBe('BAT-7');
    expect(itemKeyInBranch('dev/ana/BAT-12_quick.fix', 'BAT')).toBe('BAT-12');
    expect(itemKeyInBranch(branchName(item, { template: '{user}/{number}-{key}' }), 'BAT')).toBe('BAT-42');
  });

  it('names nothing that is not one of the product keys', () => {
    for (const branch of ['main', 'fix-2-bugs', 'bug/web-42-x', 'acrobat-42', 'bat-042', 'bat-0', 'bat-42x', 'combat-1'])
      expect(itemKeyInBranch(branch, 'BAT'), branch).toBeNull();
    expect(itemKeyInBranch('bat-1', 'not a key')).toBeNull();
  });
});
