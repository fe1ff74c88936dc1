import { cleanTextCheck, jsonStorableCheck, noControlCheck, unwrapSchema, wellFormedCheck } from '@baton/contracts';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { WriteMeta } from './idempotent.ts';
import { appRouter } from './root.ts';

/**
 * Every procedure's input is strict (an unknown key is a 400 naming it) and every string in it is built by the
 * text helpers of packages/contracts/src/text.ts (so NUL bytes and lone surrogates never reach the database).
 * Free JSON is allowed only under `jsonStorableCheck` (agent metadata). See docs/input.md.
 */

type Def = {
  type: string;
  checks?: { _zod: { def: { check: string; format?: string } } }[];
  catchall?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  getter?: () => z.ZodType;
  format?: string;
};
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;
const has = (def: Def, check: unknown) => (def.checks ?? []).includes(check as never);

/** Strings are safe when built by the helpers, or limited by a format (regex, email, ...) that excludes controls. */
function safeString(def: Def): boolean {
  if (has(def, wellFormedCheck) || has(def, noControlCheck) || has(def, cleanTextCheck) || def.format) return true;
  return (def.checks ?? []).some((c) => c._zod.def.check === 'string_format');
}

export function violations(wrapped: z.ZodType, path: string, out: string[], seen = new Set<unknown>()): string[] {
  // optional, default, ...: the schema they wrap is what is checked
  const schema = unwrapSchema(wrapped);
  if (seen.has(schema)) return out;
  seen.add(schema);
  const def = defOf(schema);
  if (has(def, jsonStorableCheck) || schema === WriteMeta) return out;
  switch (def.type) {
    case 'object':
      if (!def.catchall || defOf(def.catchall).type !== 'never') out.push(`${path}: object is not strict`);
      for (const [k, v] of Object.entries(def.shape ?? {})) violations(v, `${path}.${k}`, out, seen);
      break;
    case 'string':
      if (!safeString(def)) out.push(`${path}: string without a text helper`);
      break;
    case 'pipe': {
      const before = out.length;
      violations(def.in!, path, out, seen);
      // `x.pipe(z.email())`: the output side may carry the check
      if (out.length > before && defOf(def.in!).type === 'string' && defOf(def.out!).type === 'string' && safeString(defOf(def.out!))) out.length = before;
      if (defOf(def.out!).type !== 'transform') violations(def.out!, path, out, seen);
      break;
    }
    case 'array':
      violations(def.element!, `${path}[]`, out, seen);
      break;
    case 'union':
      def.options!.forEach((o) => violations(o, path, out, seen));
      break;
    case 'intersection':
      violations(def.left!, path, out, seen);
      violations(def.right!, path, out, seen);
      break;
    case 'record':
      violations(def.keyType!, `${path}{key}`, out, seen);
      violations(def.valueType!, `${path}{}`, out, seen);
      break;
    case 'lazy':
      violations(def.getter!(), path, out, seen);
      break;
    case 'unknown':
    case 'any':
    case 'custom':
      out.push(`${path}: ${def.type} without jsonStorableCheck`);
      break;
    default:
      break;
  }
  return out;
}

const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { inputs?: z.ZodType[] } }>;

describe('procedure inputs', () => {
  it('are strict objects of checked strings, every one', () => {
    const found: string[] = [];
    for (const [name, p] of Object.entries(procedures)) for (const input of p._def.inputs ?? []) violations(input, name, found);
    expect(found).toEqual([]);
  });
});
