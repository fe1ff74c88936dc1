import { describe, expect, it } from 'vitest';
import type { WorkflowState } from '@baton/contracts';
import { matchCommands, paletteCommands, type PaletteContext } from './palette-commands';

const state = (id: string, name: string, category: WorkflowState['category'], position = 0): WorkflowState => ({ id, name, category, isDefault: position === 0, position });
const states = [state('s1', 'Open', 'open'), state('s6', 'Parked', 'open', 1), state('s2', 'In progress', 'in_progress'), state('s3', 'Done', 'done'), state('s4', 'Closed', 'closed'), state('s5', "Won't fix", 'wont_fix')];

const base: PaletteContext = { productKey: 'BAT', products: [{ key: 'BAT', name: 'Baton' }, { key: 'WEB', name: 'Website' }], canWrite: true };
const onItem: PaletteContext = {
  ...base,
  item: { key: 'BAT-7', status: 'done', state: { id: 's3', name: 'Done' }, priority: 'low', assignee: { id: 'u1' }, milestone: null, sprint: null, labels: [{ name: 'ui' }] },
  members: [{ id: 'u1', name: 'Ada' }, { id: 'u2', name: 'Grace' }],
  milestones: [{ id: 'm1', name: 'Beta' }],
  sprints: [],
  labels: [{ name: 'ui' }, { name: 'api' }],
  states,
};
const labels = (ctx: PaletteContext) => paletteCommands(ctx).map((c) => c.label);

describe('paletteCommands', () => {
  it('offers pages, creation and the other products, never the current one', () => {
    const all = labels(base);
    expect(all).toContain('Go to Board');
    expect(all).toContain('Create an item');
    expect(all).toContain('Switch to Website (WEB)');
    expect(all.some((l) => l.includes('(BAT)'))).toBe(false);
    expect(all.some((l) => l.startsWith('Set status'))).toBe(false);
  });

  it("acts on the current item with the workflow's moves and the page's people, plans and labels", () => {
    const all = labels(onItem);
    // done may go back to open (either of its states) or to closed, never straight to in progress
    expect(all.filter((l) => l.startsWith('Set status'))).toEqual(['Set status: Open', 'Set status: Parked', 'Set status: Closed']);
    // sent by the state's name, from the item's own state's name (the base a save merges against)
    const parked = paletteCommands(onItem).find((c) => c.label === 'Set status: Parked')!;
    expect(parked.run).toEqual({ kind: 'update', field: 'status', value: 'Parked', original: 'Done' });
    expect(all).toContain('Assign to Grace');
    expect(all).not.toContain('Assign to Ada');
    expect(all).toContain('Unassign');
    expect(all).toContain('Move to milestone Beta');
    const toggles = paletteCommands(onItem).filter((c) => c.run.kind === 'labels');
    expect(toggles.map((c) => [c.label, c.run.kind === 'labels' && c.run.value])).toEqual([
      ['Remove label ui', ''],
      ['Add label api', 'ui, api'],
    ]);
  });

  it('offers a viewer nothing that writes', () => {
    const all = labels({ ...onItem, canWrite: false });
    expect(all.some((l) => /^(Set|Assign|Add|Remove|Create|Move|Unassign)/.test(l))).toBe(false);
    expect(all).toContain('Go to Items');
  });
});

describe('matchCommands', () => {
  it('matches word starts first, keeps every typed word, and returns all for nothing typed', () => {
    const all = paletteCommands(onItem);
    expect(matchCommands(all, '')).toHaveLength(all.length);
    expect(matchCommands(all, 'st clo').map((c) => c.label)).toEqual(['Set status: Closed']);
    // "boa" starts Board's word and sits inside Dashboard's: both match, the word start first
    expect(matchCommands(all, 'go boa').map((c) => c.label)).toEqual(['Go to Board', 'Go to Dashboard']);
    expect(matchCommands(all, 'zebra')).toEqual([]);
  });
});
