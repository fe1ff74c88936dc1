import { describe, expect, it } from 'vitest';
import { EstimateUnit } from './enums.ts';
import { ESTIMATE_UNITS, estimateUnitName, formatEstimate } from './estimate-unit.ts';

describe('formatEstimate', () => {
  it('reads an estimate in its product unit, short, long or bare', () => {
    expect(formatEstimate(3, 'points')).toBe('3 pt');
    expect(formatEstimate(1.5, 'hours')).toBe('1.5 h');
    expect(formatEstimate(1, 'points', 'long')).toBe('1 point');
    expect(formatEstimate(8, 'points', 'long')).toBe('8 points');
    expect(formatEstimate(1, 'hours', 'long')).toBe('1 hour');
    expect(formatEstimate(0, 'hours', 'long')).toBe('0 hours');
    expect(formatEstimate(2.5, 'hours', 'number')).toBe('2.5');
  });

  it('keeps one decimal of a total and shows a missing estimate as a dash', () => {
    expect(formatEstimate(0.1 + 0.2, 'points')).toBe('0.3 pt');
    expect(formatEstimate(10 / 3, 'hours', 'long')).toBe('3.3 hours');
    expect(formatEstimate(null, 'points')).toBe('–');
    expect(formatEstimate(undefined, 'hours', 'long')).toBe('–');
    expect(formatEstimate(Number.NaN, 'hours')).toBe('–');
  });

  it('names every unit the contract knows', () => {
    expect(ESTIMATE_UNITS).toEqual([...EstimateUnit.options]);
    expect(ESTIMATE_UNITS.map(estimateUnitName)).toEqual(['points', 'hours']);
  });
});
