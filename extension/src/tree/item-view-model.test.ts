import type { ItemSummary } from '@baton/contracts';
import { describe, expect, it } from 'vitest';
import { contextValue, groupByStatus, itemRow } from './item-view-model.ts';
import { itemSummary } from '../test-items.ts';

const item = (over: Partial<ItemSummary> = {}): ItemSummary => itemSummary({ assignee: { kind: 'user', id: 'u', name: 'Dev Eloper' }, ...over });

describe('groupByStatus', () => {
  it('puts work in progress first, finished work last and folded, and counts each group', () => {
    const items = [item({ status: 'done' }), item({ status: 'open' }), item({ status: 'in_progress' }), item({ status: 'open' }), item({ status: 'wont_fix' })];
    const groups = groupByStatus(items);
    expect(groups.map((g) => [g.status, g.label, g.collapsed])).toEqual([
      ['in_progress', 'In progress (1)', false],
      ['open', 'Open (2)', false],
      ['done', 'Done (1)', true],
      ['wont_fix', "Won't fix (1)", true],
    ]);
  });

  it('orders by priority, then by number, within a group', () => {
    const [a, b, c, d] = [item({ priority: 'low' }), item({ priority: 'critical' }), item({ priority: 'high' }), item({ priority: 'critical' })];
    expect(groupByStatus([a!, b!, c!, d!])[0]!.items.map((i) => i.key)).toEqual([b!.key, d!.key, c!.key, a!.key]);
  });

  it('has no group for a status without items', () => {
    expect(groupByStatus([])).toEqual([]);
  });
});

describe('contextValue', () => {
  it('offers Start Work only on unclaimed, unfinished items', () => {
    expect(contextValue({ status: 'open' }, 'none')).toBe('item status-open canStart');
    expect(contextValue({ status: 'done' }, 'none')).toBe('item status-done');
    expect(contextValue({ status: 'in_progress' }, 'other')).toBe('item status-in_progress claimedByOther');
    expect(contextValue({ status: 'in_progress' }, 'mine')).toBe('item status-in_progress working');
  });

  it('matches the menus of package.json', async () => {
    const { readFileSync } = await import('node:fs');
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    const menus: { command: string; when: string }[] = manifest.contributes.menus['view/item/context'];
    const offered = (value: string) =>
      menus.filter((m) => [...m.when.matchAll(/viewItem =~ \/\\b(\w+)\\b\//g)].every((x) => value.split(' ').includes(x[1]!))).map((m) => m.command);
    expect(new Set(offered(contextValue({ status: 'open' }, 'none')))).toEqual(
      new Set(['baton.startWork', 'baton.copyContext', 'baton.copyBranchName', 'baton.openInBrowser']),
    );
    expect(new Set(offered(contextValue({ status: 'in_progress' }, 'mine')))).toEqual(
      new Set(['baton.stopWork', 'baton.createPr', 'baton.linkPr', 'baton.finish', 'baton.copyContext', 'baton.copyBranchName', 'baton.openInBrowser']),
    );
  });
});

describe('itemRow', () => {
  it('shows key and title, priority and claim, and a type icon coloured by priority', () => {
    const row = itemRow(item({ key: 'BAT-7', title: 'Crash', priority: 'critical', type: 'bug' }), 'other', 'Pat Manager');
    expect(row).toMatchObject({ label: 'BAT-7 Crash', description: 'critical · ● Pat Manager', icon: 'bug', iconColor: 'errorForeground' });
    expect(row.tooltip).toContain('@Dev Eloper');
    expect(itemRow(item({ priority: 'medium' }), 'mine')).toMatchObject({ description: '● working', icon: 'debug-start' });
  });

  it("names the product's own state, which the status groups do not show", () => {
    const row = itemRow(item({ status: 'in_progress', state: { id: 's1', name: 'In review', category: 'in_progress' }, priority: 'high' }), 'none');
    expect(row.description).toBe('In review · high');
    expect(row.tooltip).toContain('· In review ·');
    expect(itemRow(item({ status: 'in_progress', state: { id: 's2', name: 'In progress', category: 'in_progress' } }), 'none').description).toBe('');
  });
});
