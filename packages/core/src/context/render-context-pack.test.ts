import { describe, expect, it } from 'vitest';
import { COMMENT_CAP, renderContextPack, type ContextPackData } from './render-context-pack.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute));

/** A full item: every section present, comments newest first. */
function data(over: Partial<ContextPackData> = {}): ContextPackData {
  return {
    key: 'BAT-42',
    title: 'Login fails after password reset',
    type: 'bug',
    status: 'in_progress',
    priority: 'high',
    assignee: 'agent-7',
    labels: ['auth', 'regression'],
    milestone: 'v2.1',
    description: 'After resetting a password the old session cookie is still sent and the login form loops. '.repeat(8).trim(),
    criteria: [
      { text: 'Login works right after a reset', done: true },
      { text: 'Old sessions are revoked', done: false },
    ],
    bug: {
      stepsToReproduce: '1. Reset password\n2. Log in',
      expected: 'Signed in',
      actual: 'Redirected back to the form',
      environment: 'Chrome 130',
      affectedVersion: '2.0.3',
      fixedVersion: null,
    },
    blockers: [
      { key: 'BAT-7', title: 'Session store migration', status: 'open' },
      { key: 'BAT-9', title: 'Cookie flags', status: 'done' },
    ],
    pullRequests: [
      {
        url: 'https://git.example/pr/12',
        number: 12,
        title: 'Revoke sessions on reset',
        status: 'open',
        branch: 'fix/reset',
        commitSha: 'abcdef1234567890',
      },
    ],
    claims: [
      { holder: 'agent-7', claimedAt: at(30), leaseExpiresAt: at(59), endedAt: null, endReason: null, endNote: null },
      {
        holder: 'agent-3',
        claimedAt: at(1),
        leaseExpiresAt: at(20),
        endedAt: at(10),
        endReason: 'released',
        endNote: 'could not reproduce',
      },
    ],
    claimsNotLoaded: 0,
    comments: [
      { author: 'Dana', at: at(40), body: 'Newest: seen again on staging.' },
      { author: 'Lee', at: at(20), body: 'Middle: maybe the cookie path.' },
      { author: 'Kim', at: at(5), body: `Oldest: reported by a customer. ${'More detail. '.repeat(10)}` },
    ],
    commentsNotLoaded: 0,
    now: at(45),
    ...over,
  };
}

const full = renderContextPack(data(), 200_000);

describe('renderContextPack', () => {
  it('renders every section when the budget allows, and says nothing was left out', () => {
    expect(full.omitted).toEqual([]);
    expect(full.chars).toBe(full.markdown.length);
    const md = full.markdown;
    expect(md.split('\n')[0]).toBe('# BAT-42 (bug, in_progress, high priority): Login fails after password reset');
    expect(md).toContain('Assignee: agent-7 · Labels: auth, regression · Milestone: v2.1');
    expect(md).toContain('- [x] Login works right after a reset\n- [ ] Old sessions are revoked');
    expect(md).toContain('**Steps to reproduce**\n1. Reset password\n2. Log in');
    expect(md).toContain('Environment: Chrome 130 · Affected version: 2.0.3');
    expect(md).toContain('## Blocked by (1 of 2 unfinished)\n- BAT-7 (open): Session store migration\n- BAT-9 (done): Cookie flags');
    expect(md).toContain('- [#12 Revoke sessions on reset](https://git.example/pr/12): open, branch `fix/reset`, commit `abcdef123456`');
    expect(md).toContain('- agent-7 claimed 2026-01-01 12:30 UTC; active, lease until 2026-01-01 12:59 UTC');
    expect(md).toContain('- agent-3 claimed 2026-01-01 12:01 UTC; released 2026-01-01 12:10 UTC: "could not reproduce"');
    expect(md.indexOf('Newest')).toBeLessThan(md.indexOf('Oldest'));
    expect(md).not.toContain('Trimmed');
  });

  it('stays within every budget from the minimum up', () => {
    for (let budget = 200; budget <= full.chars + 10; budget += 7) {
      const pack = renderContextPack(data(), budget);
      expect(pack.chars, `budget ${budget}`).toBeLessThanOrEqual(budget);
      expect(pack.chars).toBe(pack.markdown.length);
    }
  });

  it('drops the oldest comments first, keeping the newest', () => {
    const budget = full.chars - 20;
    const pack = renderContextPack(data(), budget);
    expect(pack.omitted).toEqual(['1 older comment']);
    expect(pack.markdown).toContain('Newest');
    expect(pack.markdown).toContain('Middle');
    expect(pack.markdown).not.toContain('Oldest');
    expect(pack.markdown.endsWith(`_Trimmed to fit ${budget} characters; left out: 1 older comment._`)).toBe(true);
  });

  it('gives way in order: comments, claims, PRs, details, bug fields, blockers, then the description', () => {
    const seen: string[] = [];
    for (let budget = full.chars; budget >= 200; budget -= 5) {
      for (const part of renderContextPack(data(), budget).omitted) {
        const name = part.replace(/^\d+ |\(.*\)/g, '').trim();
        if (!seen.includes(name)) seen.push(name);
      }
    }
    expect(seen.slice(0, 9)).toEqual([
      'older comment',
      'older comments',
      'comments',
      'older claim attempt',
      'claim attempts',
      'linked pull request',
      'assignee, labels and milestone',
      'bug details',
      'blockers',
    ]);
    expect(seen).toContain('description');
  });

  it('cuts the description last among the optional parts, with a marker, and keeps title and criteria', () => {
    const bare = data({ comments: [], claims: [], pullRequests: [], blockers: [], labels: [], milestone: null, assignee: null });
    const budget = 500;
    const pack = renderContextPack(bare, budget);
    expect(pack.chars).toBeLessThanOrEqual(budget);
    expect(pack.omitted).toEqual(['bug details', expect.stringMatching(/^description \(\d+ of 719 characters shown\)$/)]);
    expect(pack.markdown).toMatch(/_\[description cut: \d+ of 719 characters shown\]_/);
    expect(pack.markdown).toContain('# BAT-42 (bug, in_progress, high priority): Login fails after password reset');
    expect(pack.markdown).toContain('- [ ] Old sessions are revoked');
    const shown = Number(/description cut: (\d+)/.exec(pack.markdown)![1]);
    // the cut leaves little unused: it fills the budget up to the last word that fits
    expect(budget - pack.chars).toBeLessThan(60);
    expect(pack.markdown).toContain(bare.description.slice(0, shown));
  });

  it('puts back smaller parts that fit in the room a large dropped part left', () => {
    const blockers = Array.from({ length: 30 }, (_, i) => ({
      key: `BAT-${100 + i}`,
      title: `A long blocker title, number ${i}`,
      status: 'open' as const,
    }));
    const d = data({ blockers });
    const withoutBlockers = renderContextPack(data({ blockers: [] }), 200_000);
    const budget = withoutBlockers.chars + 60;
    const pack = renderContextPack(d, budget);
    expect(pack.omitted).toEqual(['30 blockers']);
    expect(pack.markdown).toContain('## Pull requests');
    expect(pack.markdown).toContain('Oldest');
    expect(pack.chars).toBeLessThanOrEqual(budget);
  });

  it('cuts long comments before dropping any', () => {
    const long = 'x'.repeat(COMMENT_CAP * 3);
    const d = data({ comments: [{ author: 'Dana', at: at(40), body: long }, ...data().comments.slice(1)] });
    const whole = renderContextPack(d, 200_000);
    const pack = renderContextPack(d, whole.chars - 100);
    expect(pack.omitted).toEqual(['the end of 1 long comment']);
    expect(pack.markdown).toContain('…[cut]');
    expect(pack.markdown).toContain('Oldest');
  });

  it('counts comments and claims that were never loaded as left out', () => {
    const pack = renderContextPack(data({ commentsNotLoaded: 12, claimsNotLoaded: 3 }), 200_000);
    expect(pack.omitted).toEqual(['12 older comments', '3 older claim attempts']);
    expect(pack.markdown).toContain('left out: 12 older comments; 3 older claim attempts._');
  });

  it('cuts acceptance criteria and then the title only when nothing else is left, and still fits', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ text: `Criterion number ${i + 1} holds`, done: i % 2 === 0 }));
    const pack = renderContextPack(data({ criteria: many }), 400);
    expect(pack.chars).toBeLessThanOrEqual(400);
    expect(pack.omitted.at(-1)).toMatch(/^\d+ acceptance criteria$/);
    expect(pack.markdown).toContain('- [x] Criterion number 1 holds');
    expect(pack.markdown).toMatch(/- … \d+ more not shown/);
    expect(pack.markdown.endsWith('_Trimmed to fit 400 characters._')).toBe(true);

    const tiny = renderContextPack(data({ title: 'T'.repeat(200), criteria: many }), 200);
    expect(tiny.chars).toBeLessThanOrEqual(200);
    expect(tiny.markdown.startsWith('# BAT-42 (bug, in_progress, high priority): TTT')).toBe(true);
    expect(tiny.omitted.at(-1)).toBe('the end of the title');
  });

  it('marks a lease that ran out without being ended, and an item with no criteria', () => {
    const pack = renderContextPack(data({ now: at(70), criteria: [] }), 200_000);
    expect(pack.markdown).toContain('- agent-7 claimed 2026-01-01 12:30 UTC; lease lapsed 2026-01-01 12:59 UTC');
    expect(pack.markdown).toContain('## Acceptance criteria\n_None written._');
  });
});
