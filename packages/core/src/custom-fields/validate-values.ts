import type { Tx } from '../deps.ts';
import { DomainError } from '../errors.ts';

type Value = string | number | boolean | null;
type Definition = { key: string; kind: string; options: string[] };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Why `value` does not fit `def`, or null when it does (null always fits: it clears the field). */
export function customValueProblem(def: Definition, value: Value): string | null {
  if (value === null) return null;
  switch (def.kind) {
    case 'text':
      return typeof value === 'string' ? null : 'must be text';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number';
    case 'date':
      return typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(value)) ? null : 'must be a date (YYYY-MM-DD)';
    case 'select':
      return typeof value === 'string' && def.options.includes(value) ? null : `must be one of ${def.options.join(', ')}`;
    default:
      return 'has an unknown kind';
  }
}

/**
 * Checks item custom-field values against the product's definitions: every key must be defined and every value
 * must fit its kind. All problems are reported at once, each under `customFields.<key>`.
 */
export async function validateCustomFieldValues(tx: Tx, productId: string, values: Record<string, Value> | undefined): Promise<void> {
  if (!values || Object.keys(values).length === 0) return;
  const defs = await tx.customFieldDefinition.findMany({ where: { productId }, select: { key: true, kind: true, options: true } });
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const issues: { path: string[]; message: string }[] = [];
  for (const [key, value] of Object.entries(values)) {
    const def = byKey.get(key);
    const message = def ? customValueProblem(def, value) : 'is not a custom field of this product';
    if (message) issues.push({ path: ['customFields', key], message });
  }
  if (issues.length) throw new DomainError('BAD_INPUT', issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), { issues });
}
