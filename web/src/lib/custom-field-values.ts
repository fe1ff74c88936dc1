import type { CustomField } from '@baton/contracts';

export type CustomValue = string | number | null;

/** A custom field's value as a form input shows it ('' for none). */
export function inputValue(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/**
 * Reads the values of `fields` from a form (inputs named `cf_<key>`): empty clears a field, numbers become
 * numbers. What the user typed is checked by the API against the definitions, not here.
 */
export function valuesFromForm(fields: CustomField[], data: FormData): Record<string, CustomValue> {
  const out: Record<string, CustomValue> = {};
  for (const f of fields) {
    const raw = data.get(`cf_${f.key}`);
    const s = typeof raw === 'string' ? raw.trim() : '';
    out[f.key] = s === '' ? null : f.kind === 'number' && Number.isFinite(Number(s)) ? Number(s) : s;
  }
  return out;
}
