import { unwrapSchema } from '@baton/contracts';
import type { z } from 'zod';

/**
 * Query strings carry only text: before the procedure validates, turn each value into what the input schema
 * expects (numbers, booleans, dates, arrays from repeated or comma-separated params). Values that do not
 * convert are left as they are, so validation reports the field by name instead of this code guessing.
 */

type Kind = 'string' | 'number' | 'boolean' | 'date' | 'array' | 'object' | 'other';
type Def = {
  type: string;
  in?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  shape?: Record<string, z.ZodType>;
};

const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Looks through wrappers (optional, default, pipe, ...) to the schema that decides the value's kind. */
function base(schema: z.ZodType): z.ZodType {
  const inner = unwrapSchema(schema);
  const def = defOf(inner);
  switch (def.type) {
    case 'pipe':
      return base(def.in!);
    case 'union': {
      const kinds = def.options!.map(base).filter((o) => defOf(o).type !== 'null');
      return kinds[0] ?? inner;
    }
    default:
      return inner;
  }
}

function kindOf(schema: z.ZodType): Kind {
  const t = defOf(base(schema)).type;
  if (t === 'string' || t === 'enum' || t === 'literal' || t === 'template_literal') return 'string';
  if (t === 'number' || t === 'int' || t === 'bigint') return 'number';
  if (t === 'boolean' || t === 'date' || t === 'array' || t === 'object') return t;
  return 'other';
}

/** The top-level fields of an object input (merged over tRPC's chained inputs). */
export function inputShape(inputs: readonly z.ZodType[]): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  for (const input of inputs) {
    const b = base(input);
    if (defOf(b).type === 'object') Object.assign(shape, defOf(b).shape);
  }
  return shape;
}

function scalar(kind: Kind, raw: string): unknown {
  switch (kind) {
    case 'number':
      return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
    case 'boolean':
      return raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : raw;
    case 'date': {
      const d = new Date(raw);
      return Number.isNaN(d.getTime()) ? raw : d;
    }
    default:
      return raw;
  }
}

/**
 * The input field named `key`, own keys only: `?__proto__=` or `?constructor=` must not find Object.prototype's
 * members (a 500 when read as a schema); they pass through as unknown keys, which strict inputs refuse.
 */
const fieldOf = (shape: Record<string, z.ZodType>, key: string): z.ZodType | undefined => (Object.hasOwn(shape, key) ? shape[key] : undefined);

/** Query values (`string | string[]` as Express parses them with the simple parser) to typed input fields. */
export function coerceQuery(query: Record<string, unknown>, shape: Record<string, z.ZodType>): Record<string, unknown> {
  // no prototype: a `__proto__` key is stored as a key, never as the object's prototype
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(query)) {
    const field = fieldOf(shape, key);
    const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
    if (!field) {
      out[key] = value;
      continue;
    }
    const kind = kindOf(field);
    if (kind === 'array') {
      const element = kindOf(defOf(base(field)).element!);
      out[key] = values
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter((v) => v !== '')
        .map((v) => scalar(element, v));
    } else {
      // a scalar given twice stays an array, which validation then names
      out[key] = values.length === 1 ? scalar(kind, values[0]!) : values.map((v) => scalar(kind, v));
    }
  }
  return out;
}

/** JSON has no dates: ISO strings become Dates where the input expects a date (other JSON types pass as sent). */
export function coerceBody(body: Record<string, unknown>, shape: Record<string, z.ZodType>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...body };
  for (const [key, value] of Object.entries(body)) {
    const field = fieldOf(shape, key);
    if (field && typeof value === 'string' && kindOf(field) === 'date') out[key] = scalar('date', value);
  }
  return out;
}
