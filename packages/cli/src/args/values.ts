import type { z } from 'zod';
import { UsageError } from '../cli-error.ts';
import type { OptionValues } from './spec.ts';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `90`, `90s`, `15m`, `2h`, `1h30m` -> seconds; null when it is none of those. */
export function parseDuration(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (/^\d+$/.test(t)) return Number(t);
  if (!/^(\d+[smhd])+$/.test(t)) return null;
  let total = 0;
  for (const [, n, unit] of t.matchAll(/(\d+)([smhd])/g)) total += Number(n) * UNITS[unit!]!;
  return total;
}

export const str = (values: OptionValues, name: string): string | undefined => {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
};

export const list = (values: OptionValues, name: string): string[] => {
  const v = values[name];
  // `--label a,b` and `--label a --label b` both work
  return (Array.isArray(v) ? v : typeof v === 'string' ? [v] : [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
};

/** Checks a flag (or argument) with the contract's own schema, so the CLI and the server agree on what is valid. */
export function checked<S extends z.ZodType>(schema: S, raw: unknown, label: string, command?: string): z.infer<S> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  throw new UsageError(`${label}: ${r.error.issues.map((i) => i.message).join('; ')}`, command);
}

export function int(raw: string, label: string, command?: string): number {
  if (!/^-?\d+$/.test(raw.trim())) throw new UsageError(`${label}: must be a whole number, got "${raw}"`, command);
  return Number(raw);
}

export function duration(raw: string, label: string, command?: string): number {
  const s = parseDuration(raw);
  if (s === null) throw new UsageError(`${label}: must be seconds or a duration like 90s, 15m, 2h; got "${raw}"`, command);
  return s;
}
