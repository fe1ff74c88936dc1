import { describe, expect, it } from 'vitest';
import { ItemPriority, ItemStatus, ItemType, PublicStatus } from './enums.ts';
import { PRIORITIES, PRIORITY_LABEL, PUBLIC_STATUS_LABEL, STATUS_LABEL, STATUSES, TYPE_LABEL, TYPES } from './item-labels.ts';

describe('item labels', () => {
  it('names every status once, in sentence case, in workflow order', () => {
    expect(ItemStatus.options.map((s) => STATUS_LABEL[s])).toEqual(['Open', 'In progress', 'Done', 'Closed', "Won't fix", 'Triage']);
    // triage is left by a decision in the inbox, never offered as a work status
    expect(STATUSES).toEqual(ItemStatus.options.filter((s) => s !== 'triage'));
    // sentence case: only the first letter is a capital, whatever the edge shows it in
    for (const label of Object.values(STATUS_LABEL)) expect(label.slice(1)).toBe(label.slice(1).toLowerCase());
  });

  it('names every public status, in roadmap order', () => {
    expect(Object.keys(PUBLIC_STATUS_LABEL)).toEqual(PublicStatus.options);
    expect(PublicStatus.options.map((s) => PUBLIC_STATUS_LABEL[s])).toEqual([
      'Under review',
      'Planned',
      'In progress',
      'Done',
      'Declined',
      'Duplicate',
    ]);
  });

  it('names every priority (most urgent first) and type', () => {
    expect(PRIORITIES).toEqual(ItemPriority.options);
    expect(PRIORITIES.map((p) => PRIORITY_LABEL[p])).toEqual(['Critical', 'High', 'Medium', 'Low']);
    expect(TYPES).toEqual(ItemType.options);
    expect(TYPES.map((t) => TYPE_LABEL[t])).toEqual(['Bug', 'Feature', 'Task']);
  });
});
