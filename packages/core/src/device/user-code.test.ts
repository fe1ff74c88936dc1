import { describe, expect, it } from 'vitest';
import { UserCode, USER_CODE_ALPHABET } from '@baton/contracts';
import { generateUserCode } from './user-code.ts';

describe('user codes', () => {
  it('are XXXX-XXXX from the unambiguous alphabet', () => {
    for (let i = 0; i < 200; i++) expect(generateUserCode()).toMatch(new RegExp(`^[${USER_CODE_ALPHABET}]{4}-[${USER_CODE_ALPHABET}]{4}$`));
    expect(USER_CODE_ALPHABET).not.toMatch(/[AEIOU01LS5]/);
  });

  it('skip bytes that would bias the draw', () => {
    // 252 and above are rejected (252 = 14 * 18); 0 is 'B', 19 is 'C'
    const bytes = [255, 252, 0, 19, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    expect(generateUserCode(() => Uint8Array.from(bytes))).toBe('BCBB-BBBB');
  });

  it('accept what people type: lower case, spaces, missing or extra dashes', () => {
    expect(UserCode.parse('wdjb-mjht')).toBe('WDJB-MJHT');
    expect(UserCode.parse(' WDJBMJHT ')).toBe('WDJB-MJHT');
    expect(UserCode.parse('wdj b–mj ht')).toBe('WDJB-MJHT');
    expect(UserCode.safeParse('WDJB-MJH').success).toBe(false);
    expect(UserCode.safeParse('WDJA-MJHT').success).toBe(false);
  });
});
