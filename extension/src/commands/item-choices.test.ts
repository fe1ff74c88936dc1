import type { ItemSummary, ReadyItem } from '@baton/contracts';
import { describe, expect, it } from 'vitest';
import { itemChoices } from './item-choices.ts';
import { itemSummary } from '../test-items.ts';

const item = itemSummary;
const ready = (over: Partial<ItemSummary> = {}): ReadyItem => ({ ...item(over), reason: 'unassigned, priority high' });

describe('itemChoices', () => {
  it('offers my items first, then the ready queue in its order', () => {
    const mine = [item({ assignee: { kind: 'user', id: 'u', name: 'Dev' }, status: 'in_progress', state: null })];
    const queue = [ready({ title: 'Best' }), ready({ title: 'Next' })];
    const choices = itemChoices(mine, queue);
    expect(choices.map((c) => [c.key, c.group])).toEqual([
      [mine[0]!.key, 'mine'],
      [queue[0]!.key, 'ready'],
      [queue[1]!.key, 'ready'],
    ]);
    expect(choices[0]!.detail).toBe('bug · medium · in_progress');
    expect(choices[1]).toMatchObject({ title: 'Best', detail: 'bug · medium · unassigned, priority high' });
  });

  it('lists an item once, as mine, when it is also in the ready queue', () => {
    const both = item({ assignee: { kind: 'user', id: 'u', name: 'Dev' } });
    const choices = itemChoices([both], [{ ...both, reason: 'assigned to you' }, ready()]);
    expect(choices.filter((c) => c.key === both.key)).toEqual([expect.objectContaining({ group: 'mine' })]);
    expect(choices).toHaveLength(2);
  });

  it('without a ready queue offers my items only', () => {
    expect(itemChoices([item()]).map((c) => c.group)).toEqual(['mine']);
  });
});
