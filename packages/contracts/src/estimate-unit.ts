// How an estimate reads, in the one unit its product counts in (Product.estimateUnit): the item page, planning
// (sprint capacity, milestone and sprint totals, velocity), the activity log and any client show estimates through
// these functions. Types only from zod's side, so browser bundles take it without zod:
// `import { formatEstimate } from '@baton/contracts/estimate-unit'`.
import type { EstimateUnit } from './enums.ts';

/** The unit's name in settings pickers. */
export const ESTIMATE_UNIT_LABEL: Record<EstimateUnit, string> = { points: 'Story points', hours: 'Hours' };
/** The units in picker order (the Record above lists every value, so the type checker keeps this complete). */
export const ESTIMATE_UNITS = Object.keys(ESTIMATE_UNIT_LABEL) as EstimateUnit[];

const SHORT: Record<EstimateUnit, string> = { points: 'pt', hours: 'h' };
const WORD: Record<EstimateUnit, [one: string, many: string]> = { points: ['point', 'points'], hours: ['hour', 'hours'] };

/**
 * `short`: `3 pt`, `1.5 h` (a column or a badge); `long`: `1 point`, `2.5 hours` (a sentence); `number`: `3`,
 * `2.5` (beside a unit already named). Totals keep at most one decimal. No estimate reads `–`.
 */
export type EstimateStyle = 'short' | 'long' | 'number';

export function formatEstimate(value: number | null | undefined, unit: EstimateUnit, style: EstimateStyle = 'short'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const n = Number.isInteger(value) ? String(value) : String(Math.round(value * 10) / 10);
  if (style === 'number') return n;
  if (style === 'short') return `${n} ${SHORT[unit]}`;
  return `${n} ${WORD[unit][value === 1 ? 0 : 1]}`;
}

/** The unit as a plural noun, for labels that name it once: `Estimate (points)`, `Capacity (hours)`. */
export function estimateUnitName(unit: EstimateUnit): string {
  return WORD[unit][1];
}
