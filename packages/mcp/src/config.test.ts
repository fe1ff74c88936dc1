import { describe, expect, it } from 'vitest';
import { configFromEnv } from './config.ts';

const base = { BATON_URL: 'http://127.0.0.1:3000', BATON_TOKEN: 'bat_x', BATON_PRODUCT: 'BAT' };

describe('configFromEnv', () => {
  it('reads BATON_AGENT in the Baton-Agent form, and leaves it out when unset', () => {
    expect(configFromEnv({ ...base, BATON_AGENT: 'claude-code/1.4.2; model=claude-sonnet-4' }).agent).toEqual({
      name: 'claude-code',
      version: '1.4.2',
      model: 'claude-sonnet-4',
    });
    expect(configFromEnv(base).agent).toBeUndefined();
  });

  it('names BATON_AGENT when it is malformed', () => {
    expect(() => configFromEnv({ ...base, BATON_AGENT: 'my agent; temp=1' })).toThrow(/BATON_AGENT: .*expected name\/version; model=/);
  });
});
