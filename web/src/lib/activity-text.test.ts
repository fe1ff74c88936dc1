import { describe, expect, it } from 'vitest';
import { describeActivity } from './activity-text';

const members = [{ id: 'u1', name: 'Pat' }];
const event = (action: string, field: string | null, before: unknown, after: unknown) => ({ action, field, before, after });

describe('activity in words', () => {
  it('reads a status change with reason and evidence as the statuses, a note and links', () => {
    const d = describeActivity(
      event('status_changed', 'status', 'in_progress', { status: 'done', reason: 'all green', evidence: { links: ['https://ci.example.com/1'], testOutput: '5 passed\nmore' } }),
      members,
      'points',
    );
    expect(d).toEqual({ text: 'changed the status', before: 'In progress', after: 'Done', note: 'all green · tests: 5 passed', links: ['https://ci.example.com/1'] });
  });

  it('reads an estimate in the product unit', () => {
    expect(describeActivity(event('updated', 'estimate', 1, 2.5), members, 'hours')).toEqual({ text: 'changed the estimate', before: '1 hour', after: '2.5 hours' });
    expect(describeActivity(event('updated', 'estimate', null, 3), members, 'points')).toEqual({ text: 'changed the estimate', before: 'none', after: '3 points' });
  });

  it('reads a plain status change as before', () => {
    expect(describeActivity(event('status_changed', 'status', 'open', 'in_progress'), members, 'points')).toEqual({ text: 'changed the status', before: 'Open', after: 'In progress' });
  });

  it('reads progress with percent, stage and message, and claims and PRs in words', () => {
    expect(describeActivity(event('progress_reported', 'progress', null, { percent: 40, stage: 'tests', message: '2 of 5', usage: { inputTokens: 1 } }), members, 'points')).toEqual({
      text: 'reported progress',
      note: '40% · tests — 2 of 5',
    });
    expect(describeActivity(event('claim_released', null, null, { fencingToken: 3, note: 'blocked' }), members, 'points')).toEqual({ text: 'released the claim', note: 'blocked' });
    expect(describeActivity(event('pr_linked', 'pullRequest', null, { url: 'https://github.com/a/b/pull/1', status: 'open' }), members, 'points')).toEqual({
      text: 'linked a pull request (open)',
      links: ['https://github.com/a/b/pull/1'],
    });
  });

  it('never prints [object Object], whatever the value', () => {
    for (const value of [{ a: 1 }, [{ b: 2 }], { status: { nested: true } }]) {
      const d = describeActivity(event('updated', 'environment', null, value), members, 'points');
      const s = describeActivity(event('status_changed', 'status', value, value), members, 'points');
      expect(JSON.stringify([d, s])).not.toContain('[object Object]');
    }
  });
});
