import { PRIORITIES, PRIORITY_LABEL } from '@baton/contracts/item-labels';
import type { Card, Columns } from './card.ts';

export const LANE_MODES = ['none', 'assignee', 'priority'] as const;
export type LaneMode = (typeof LANE_MODES)[number];
export const parseLaneMode = (v: string | null): LaneMode => (LANE_MODES.includes(v as LaneMode) ? (v as LaneMode) : 'none');

export type Lane = { id: string; name: string };

const UNASSIGNED: Lane = { id: 'unassigned', name: 'Unassigned' };

export function laneOf(mode: LaneMode, card: Card): string {
  if (mode === 'assignee') return card.assignee?.id ?? UNASSIGNED.id;
  if (mode === 'priority') return card.priority;
  return 'all';
}

/** The swimlanes of the loaded cards: every priority, or each assignee by name with Unassigned last. */
export function lanesOf(mode: LaneMode, columns: Columns): Lane[] {
  if (mode === 'priority') return PRIORITIES.map((p) => ({ id: p, name: PRIORITY_LABEL[p] }));
  if (mode === 'none') return [{ id: 'all', name: 'All' }];
  const people = new Map<string, string>();
  let unassigned = false;
  for (const column of Object.values(columns)) {
    for (const c of column.cards) {
      if (c.assignee) people.set(c.assignee.id, c.assignee.name);
      else unassigned = true;
    }
  }
  const lanes = [...people].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
  return unassigned || lanes.length === 0 ? [...lanes, UNASSIGNED] : lanes;
}

export const zoneKey = (lane: string, status: string) => `${lane}|${status}`;

/** The cards of every (lane, state) cell: the drop zones. */
export function zonesOf(mode: LaneMode, columns: Columns, lanes: Lane[]): Record<string, Card[]> {
  const zones: Record<string, Card[]> = {};
  for (const lane of lanes) for (const s of Object.keys(columns)) zones[zoneKey(lane.id, s)] = [];
  for (const [s, column] of Object.entries(columns)) {
    for (const c of column.cards) zones[zoneKey(laneOf(mode, c), s)]?.push(c);
  }
  return zones;
}
