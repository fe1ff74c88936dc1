import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CreateItemInput } from './items.ts';
import { HttpUrl, jsonStorableCheck, line, text, token } from './text.ts';
import { safeHref } from './safe-href.ts';

const messages = (r: z.ZodSafeParseResult<unknown>) => (r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));

describe('input text', () => {
  it('keeps real text as written: comparison operators, generics, ZWJ emoji, ZWNJ in Persian', () => {
    const s = line();
    expect(s.parse('Support <= and >= operators')).toBe('Support <= and >= operators');
    expect(s.parse('Promise<Item[]>')).toBe('Promise<Item[]>');
    expect(s.parse('👩‍💻 family 👨‍👩‍👧')).toBe('👩‍💻 family 👨‍👩‍👧');
    expect(s.parse('می‌خواهم')).toBe('می‌خواهم');
    expect(text().parse('<script>alert(1)</script>\n\tcode')).toBe('<script>alert(1)</script>\n\tcode');
  });

  it('single-line text: control characters become a space, bidi overrides go, a lone surrogate is refused', () => {
    expect(line().parse(' a\u0000b\nc ')).toBe('a b c');
    expect(line().parse('invoice\u202Egpj.exe')).toBe('invoicegpj.exe');
    expect(messages(z.object({ title: line() }).safeParse({ title: 'x\uD800' }))).toEqual([expect.stringMatching(/^title: .*lone surrogate/)]);
  });

  it('multi-line text: NUL, other controls and lone surrogates become U+FFFD; tabs and newlines stay', () => {
    expect(text().parse('ok\u0000\u001b[31m\r\n\tx\uDC00')).toBe('ok\uFFFD\uFFFD[31m\r\n\tx\uFFFD');
    expect(text().parse('😀')).toBe('😀');
  });

  it('identifiers refuse control characters and lone surrogates, naming the field', () => {
    expect(messages(z.object({ ref: token() }).safeParse({ ref: 'BAT-1\u0000' }))).toEqual(['ref: must not contain control characters (such as NUL)']);
    expect(messages(z.object({ ref: token() }).safeParse({ ref: '\uD800' }))).toEqual([expect.stringMatching(/^ref: .*lone surrogate/)]);
  });

  it('free JSON (agent metadata) refuses NUL and lone surrogates at any depth, by path', () => {
    const meta = z.record(z.string(), z.unknown()).check(jsonStorableCheck);
    expect(messages(meta.safeParse({ a: [{ b: 'x\u0000' }] }))).toEqual(['a.0.b: must not contain NUL characters or lone surrogates']);
    expect(meta.safeParse({ a: [{ b: 'fine' }], n: 1 }).success).toBe(true);
  });
});

describe('strict inputs', () => {
  it('refuse an unknown key by name instead of dropping it', () => {
    const r = CreateItemInput.safeParse({ productId: 'p', type: 'task', title: 'T', lable: ['x'] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['lable'] });
  });
});

describe('links', () => {
  it('accepts http(s) only', () => {
    expect(HttpUrl.parse('https://github.com/o/r/pull/1')).toBe('https://github.com/o/r/pull/1');
    for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,<b>', 'vbscript:msgbox', 'ftp://x.test/', 'https://', '/relative']) {
      expect(HttpUrl.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('renders only http(s) hrefs', () => {
    expect(safeHref('https://x.test/a')).toBe('https://x.test/a');
    expect(safeHref(' javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,x')).toBeNull();
    expect(safeHref(null)).toBeNull();
  });
});
