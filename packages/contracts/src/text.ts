import { z } from 'zod';

/**
 * The one place where input text is checked and cleaned (docs/input.md). Every string an input schema takes is
 * built here, so a NUL byte or a lone surrogate never reaches PostgreSQL (which refuses both with a 500) and real
 * text is never rewritten: `<=`, `Promise<Item[]>`, emoji sequences (ZWJ) and Persian (ZWNJ) are stored as written
 * and escaped where they are shown. Only what is dangerous goes:
 * - identifiers and tokens (`token`): control characters and lone surrogates are refused (400 naming the field);
 * - single-line text (`line`: titles, names, reasons): control characters become a space and bidi overrides and
 *   isolates (which can make a title read backwards) are removed; a lone surrogate is refused;
 * - multi-line text (`text`: descriptions, comments, test output): kept as written, tabs and newlines included,
 *   except NUL and other control characters and lone surrogates, which become U+FFFD (raw test output carries
 *   them, and refusing a whole report for one byte would lose it).
 */

const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const LINE_CONTROL = /[\u0000-\u001F\u007F-\u009F]+/g;
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/g;
// everything but tab, newline and carriage return
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const TEXT_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** True when a string is well-formed UTF-16 (no surrogate without its pair), i.e. encodable as UTF-8. */
export const isWellFormed = (s: string): boolean => s.search(LONE_SURROGATES) === -1;

/** Shared check instances: input-strictness.test.ts recognizes a checked string by them. */
export const wellFormedCheck = z.refine<string>(isWellFormed, 'is not valid Unicode (it contains a lone surrogate); send UTF-8 text');
export const noControlCheck = z.refine<string>((s) => !CONTROL.test(s), 'must not contain control characters (such as NUL)');

/** Single-line text as stored: control characters as a space, bidi overrides and isolates removed. */
export const cleanLine = (s: string): string => s.replace(LINE_CONTROL, ' ').replace(BIDI_CONTROL, '');
/** Multi-line text as stored: control characters other than tab/newlines, and lone surrogates, as U+FFFD. */
export const cleanText = (s: string): string => s.replace(TEXT_CONTROL, '\uFFFD').replace(LONE_SURROGATES, '\uFFFD');

/** An identifier, token, cursor or key: any control character or lone surrogate is refused. */
export const token = () => z.string().check(wellFormedCheck, noControlCheck);

/** Single-line text (titles, names, reasons); trimmed. Chain `.min()`/`.max()` as needed. */
export const line = () => z.string().check(wellFormedCheck).overwrite(cleanLine).trim();

/** Multi-line text (markdown, comments, test output): stored as written but for the characters above. */
export const cleanTextCheck = z.overwrite<string>(cleanText);
export const text = () => z.string().check(cleanTextCheck);

/** Free JSON (agent metadata): strings anywhere inside must be storable (jsonb refuses NUL and lone surrogates). */
export const jsonStorableCheck = z.superRefine<unknown>((value, ctx) => {
  const walk = (v: unknown, path: PropertyKey[]): void => {
    if (typeof v === 'string') {
      if (!isWellFormed(v) || v.includes('\u0000')) ctx.addIssue({ code: 'custom', path, message: 'must not contain NUL characters or lone surrogates' });
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (!isWellFormed(k) || k.includes('\u0000')) ctx.addIssue({ code: 'custom', path, message: 'has a key with a NUL character or a lone surrogate' });
        walk(x, [...path, k]);
      }
    }
  };
  walk(value, []);
});

/** Links people click (PR links, evidence): http(s) only, so `javascript:`, `data:` and `vbscript:` never render. */
export const HttpUrl = z
  .string()
  .trim()
  .check(wellFormedCheck, noControlCheck)
  .max(2000, 'is longer than 2000 characters')
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL');
