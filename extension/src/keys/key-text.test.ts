import { describe, expect, it } from 'vitest';
import { completionPrefix, escapeMarkdown, keyHoverLines, type KeyInfo } from './key-text.ts';

const info: KeyInfo = {
  id: 'i1',
  key: 'BAT-42',
  title: 'Checkout total is wrong',
  type: 'bug',
  status: 'in_progress',
  priority: 'high',
  assignee: 'Dev Eloper',
  claim: { holder: 'Dev Eloper', mine: true, leaseExpiresAt: new Date('2026-01-01T10:25:00Z') },
};

describe('keyHoverLines', () => {
  const now = new Date('2026-01-01T10:00:00Z');
  it('says what the item is, who it is assigned to and who works on it', () => {
    expect(keyHoverLines(info, now)).toEqual(['Bug · In progress · high priority', 'Assigned to Dev Eloper', 'You are working on it (claim 25m left)']);
    expect(keyHoverLines({ ...info, claim: { ...info.claim!, mine: false, holder: 'agent-7' } }, now)[2]).toBe('agent-7 is working on it (claim 25m left)');
    expect(keyHoverLines({ ...info, status: 'open', assignee: null, claim: null }, now)).toEqual(['Bug · Open · high priority', 'Unassigned', 'Nobody is working on it']);
  });
});

describe('completionPrefix', () => {
  const keys = ['BAT', 'OPS'];
  it('takes a # and what follows it, or the start of a key, up to the cursor', () => {
    expect(completionPrefix('Fix #', keys)).toEqual({ start: 4, text: '#' });
    expect(completionPrefix('Fix #chec', keys)).toEqual({ start: 4, text: '#chec' });
    expect(completionPrefix('Fixes BA', keys)).toEqual({ start: 6, text: 'BA' });
    expect(completionPrefix('Fixes bat-4', keys)).toEqual({ start: 6, text: 'bat-4' });
    expect(completionPrefix('(OPS-', keys)).toEqual({ start: 1, text: 'OPS-' });
  });
  it('offers nothing in ordinary words, or after a finished key', () => {
    expect(completionPrefix('Fix the', keys)).toBeNull();
    expect(completionPrefix('B', keys)).toBeNull();
    expect(completionPrefix('Bugfix', keys)).toBeNull();
    expect(completionPrefix('BAT-4a', keys)).toBeNull();
    expect(completionPrefix('BAT-4-', keys)).toBeNull();
    expect(completionPrefix('a#b#', keys)).toBeNull();
    expect(completionPrefix('', keys)).toBeNull();
  });
});

describe('escapeMarkdown', () => {
  it('escapes what markdown would read, and only that', () => {
    expect(escapeMarkdown('*nix [draft] (v2) <b>_x_</b> a#1 ok')).toBe('\\*nix \\[draft\\] \\(v2\\) \\<b\\>\\_x\\_\\</b\\> a\\#1 ok');
  });
});
