import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { unwrapSchema } from './unwrap-schema.ts';

describe('unwrapSchema', () => {
  it('looks through every wrapper, however deep, to the schema that decides the kind of value', () => {
    const inner = z.number();
    expect(unwrapSchema(inner.optional().nullable().default(1).readonly().catch(0))).toBe(inner);
    expect(unwrapSchema(inner.prefault(1))).toBe(inner);
    expect(unwrapSchema(inner.optional().nonoptional())).toBe(inner);
  });

  it('leaves pipes, unions and plain schemas as they are', () => {
    for (const s of [z.string(), z.string().pipe(z.email()), z.union([z.string(), z.null()]), z.array(z.string().optional())]) {
      expect(unwrapSchema(s)).toBe(s);
    }
  });
});
