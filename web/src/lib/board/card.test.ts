import type { WorkflowState } from '@baton/contracts';
import { describe, expect, it } from 'vitest';
import { columnQuery } from './card.ts';

const state = (id: string, name: string, category: WorkflowState['category'], isDefault = false, position = 0): WorkflowState => ({ id, name, category, isDefault, position });
const open = state('s1', 'Open', 'open', true);
const blocked = state('s2', 'Blocked', 'open', false, 1);
const inProgress = state('s3', 'In progress', 'in_progress', true);
const review = state('s4', 'In review', 'in_progress', false, 1);
const backlog = state('s5', 'Backlog', 'open', true);
const renamedOpen = state('s6', 'open', 'open', false, 1);
const states = [open, blocked, inProgress, review];

describe('columnQuery', () => {
  it('names a state by its quoted name, after the filter', () => {
    expect(columnQuery('label:api', review, states)).toBe('label:api status:"In review"');
    // a default state's name: the query language matches its category's items without a state of their own
    expect(columnQuery('', inProgress, states)).toBe('status:"In progress"');
  });

  it('reads a name the language takes for a status as the category without its other states', () => {
    expect(columnQuery('', open, states)).toBe('status:open -status:"Blocked"');
    expect(columnQuery('assignee:me', renamedOpen, [backlog, renamedOpen])).toBe('assignee:me status:open -status:"Backlog"');
  });
});
