import { ChangedItemsInput, ContextInput, ReadyInput } from '@baton/contracts';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { coerceBody, coerceQuery, inputShape } from './coerce.ts';

describe('query coercion', () => {
  it('splits arrays on repeats and commas, and converts numbers, dates and booleans', () => {
    const shape = inputShape([ChangedItemsInput, z.object({ flag: z.boolean().optional() })]);
    const out = coerceQuery(
      { status: ['open,in_progress', 'done'], limit: '20', since: '2025-01-02T03:04:05Z', flag: 'true', productId: 'p1' },
      shape,
    );
    expect(out).toEqual({
      status: ['open', 'in_progress', 'done'],
      limit: 20,
      since: new Date('2025-01-02T03:04:05Z'),
      flag: true,
      productId: 'p1',
    });
  });

  it('leaves values that do not convert for validation to name', () => {
    const shape = inputShape([ReadyInput]);
    const out = coerceQuery({ limit: 'lots', label: 'a', milestoneId: ['x', 'y'] }, shape);
    expect(out).toEqual({ limit: 'lots', label: ['a'], milestoneId: ['x', 'y'] });
    expect(
      ReadyInput.safeParse({ productId: 'p', ...out })
        .error?.issues.map((i) => i.path.join('.'))
        .sort(),
    ).toEqual(['limit', 'milestoneId']);
  });

  it('reads through defaults and optionals (context budget) and passes unknown keys through', () => {
    expect(coerceQuery({ budget: '2000', extra: 'x' }, inputShape([ContextInput]))).toEqual({ budget: 2000, extra: 'x' });
  });

  it('finds no field in names of Object.prototype: they pass through as unknown keys', () => {
    const shape = inputShape([ReadyInput]);
    const out = coerceQuery({ __proto__: 'null', constructor: '1', toString: ['a', 'b'] } as unknown as Record<string, unknown>, shape);
    expect(Object.keys(out).sort()).toEqual(['constructor', 'toString']);
    // as Express parses `?__proto__=null`: an own key, kept as a key (strict inputs then refuse it)
    const own = coerceQuery(JSON.parse('{"__proto__":"null"}') as Record<string, unknown>, shape);
    expect(Object.keys(own)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(own)).toBeNull();
    expect(coerceBody({ constructor: 'x' }, shape)).toEqual({ constructor: 'x' });
  });
});

describe('body coercion', () => {
  it('turns ISO strings into Dates only where the input expects a date', () => {
    const shape = inputShape([z.object({ at: z.date(), title: z.string() })]);
    expect(coerceBody({ at: '2025-01-02T00:00:00Z', title: '2025-01-02' }, shape)).toEqual({
      at: new Date('2025-01-02T00:00:00Z'),
      title: '2025-01-02',
    });
  });
});
