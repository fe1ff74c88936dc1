import { safeHref } from '@baton/contracts';
import { describe, expect, it } from 'vitest';
import { pullRequestLine } from './pull-request-line.ts';

const pr = (over: Partial<Parameters<typeof pullRequestLine>[0]> = {}) => ({
  url: 'https://github.com/acme/app/pull/12',
  number: 12,
  title: 'Fix login on Safari',
  status: 'open',
  check: null,
  ...over,
});

describe('pullRequestLine', () => {
  it("shows a linked PR's title, number and state, with no check before CI reports one", () => {
    expect(pullRequestLine(pr(), safeHref)).toEqual({ title: 'Fix login on Safari', href: 'https://github.com/acme/app/pull/12', number: '#12', state: 'Open', check: null });
    expect(pullRequestLine(pr({ status: 'merged', number: null, title: null }), safeHref)).toMatchObject({ title: 'https://github.com/acme/app/pull/12', number: null, state: 'Merged' });
    expect(pullRequestLine(pr({ status: 'draft' }), safeHref).state).toBe('Draft');
  });

  it('shows the latest check: passed, failed (with how), or neither, linking to the run', () => {
    const run = 'https://github.com/acme/app/runs/4';
    const line = (conclusion: string) => pullRequestLine(pr({ check: { name: 'CI', conclusion, url: run } }), safeHref).check;
    expect(line('success')).toEqual({ text: 'CI passed', tone: 'passed', href: run });
    expect(line('failure')).toEqual({ text: 'CI failed', tone: 'failed', href: run });
    expect(line('timed_out')).toEqual({ text: 'CI failed (timed out)', tone: 'failed', href: run });
    expect(line('error')).toMatchObject({ tone: 'failed' });
    expect(line('cancelled')).toEqual({ text: 'CI cancelled', tone: 'other', href: run });
    expect(line('neutral')).toMatchObject({ text: 'CI neutral', tone: 'other' });
  });

  it('links only to what the page may open: a javascript: URL is shown as text', () => {
    const line = pullRequestLine(pr({ url: 'javascript:alert(1)', title: null, check: { name: 'CI', conclusion: 'success', url: 'javascript:alert(2)' } }), safeHref);
    expect(line).toMatchObject({ title: 'javascript:alert(1)', href: null, check: { href: null } });
  });
});
