import type { z } from 'zod';

/** Wrappers that change whether a value may be missing or how it defaults, never what kind of value it is. */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

type WrapperDef = { type: string; innerType?: z.ZodType };

/**
 * The schema under any number of wrappers (optional, nullable, default, prefault, readonly, catch, nonoptional):
 * what decides the kind of value, for code that reads input schemas (REST query coercion, the input strictness
 * test). Pipes, unions and everything else are returned as they are.
 */
export function unwrapSchema(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    const def = (s as unknown as { _zod: { def: WrapperDef } })._zod.def;
    if (!WRAPPERS.has(def.type) || !def.innerType) return s;
    s = def.innerType;
  }
}
