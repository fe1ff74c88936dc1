import { describe, expect, it } from 'vitest';
import { LeaseBook } from './leases.ts';

describe('remembered leases', () => {
  it('answers by key or id, prefers an explicit token, and forgets both names at once', () => {
    const book = new LeaseBook();
    book.remember({ itemId: 'i1', itemKey: 'BAT-1', fencingToken: 4, leaseExpiresAt: new Date() });
    expect(book.tokenFor('BAT-1')).toBe(4);
    expect(book.tokenFor('i1')).toBe(4);
    expect(book.tokenFor('BAT-1', 9)).toBe(9);
    book.forget('i1');
    expect(book.tokenFor('BAT-1')).toBeUndefined();
    expect(book.held()).toEqual([]);
  });
});
