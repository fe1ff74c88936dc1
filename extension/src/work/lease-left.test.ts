import { describe, expect, it } from 'vitest';
import { leaseLeft } from './lease-left.ts';

const at = (ms: number) => leaseLeft(new Date(ms), new Date(0));

describe('leaseLeft', () => {
  it('says how long the lease lasts, urgently under two minutes', () => {
    expect(at(45_000)).toEqual({ text: '45s left', urgent: true });
    expect(at(12 * 60_000 + 5)).toEqual({ text: '12m left', urgent: false });
    expect(at(65 * 60_000)).toEqual({ text: '1h 5m left', urgent: false });
    expect(at(0)).toEqual({ text: 'expired', urgent: true });
  });
});
