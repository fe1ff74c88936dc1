import { describe, expect, it } from 'vitest';
import { mentionedHandles, newlyMentioned } from './notify-mentions.ts';

describe('mentionedHandles', () => {
  it('finds handles in prose, lower-cased and once each', () => {
    expect(mentionedHandles('Thanks @Dev and @pm.lead, cc @dev.')).toEqual(['dev', 'pm.lead']);
  });
  it('ignores emails, code and lone @', () => {
    expect(mentionedHandles('mail dev@baton.dev, run `@dev` or\n```\n@pm\n```\n@ nobody')).toEqual([]);
  });
});

describe('newlyMentioned', () => {
  it('names only handles the earlier text did not have', () => {
    expect(newlyMentioned('cc @pm and @dev', 'ask @dev')).toEqual(['pm']);
    expect(newlyMentioned('@dev', '@Dev, please')).toEqual([]);
  });
});
