import { describe, expect, it } from 'vitest';
import { renderTable, type Column } from './table.ts';
import { ansi, oneLine, truncate, width } from './text.ts';

type Row = { key: string; title: string; n: number };
const columns: Column<Row>[] = [
  { header: 'Key', value: (r) => r.key, style: () => 'cyan' },
  { header: 'N', value: (r) => String(r.n), align: 'right' },
  { header: 'Title', value: (r) => r.title, flex: true },
];
const rows: Row[] = [
  { key: 'BAT-1', title: 'Short', n: 7 },
  { key: 'BAT-100', title: 'A much longer title here', n: 1234 },
];

describe('renderTable', () => {
  it('aligns columns two spaces apart under upper-case headers, without trailing spaces', () => {
    expect(renderTable(columns, rows)).toBe(
      ['KEY         N  TITLE', 'BAT-1       7  Short', 'BAT-100  1234  A much longer title here', ''].join('\n'),
    );
  });

  it('shrinks the flexible column to the terminal width, with an ellipsis', () => {
    const out = renderTable(columns, rows, { maxWidth: 28 });
    for (const line of out.trimEnd().split('\n')) expect(width(line)).toBeLessThanOrEqual(28);
    expect(out).toContain('BAT-100  1234  A much longe…');
  });

  it('paints after aligning, so colour never skews the columns', () => {
    const out = renderTable(columns, rows, { paint: ansi });
    expect(out).toContain('\u001b[36mBAT-1\u001b[39m       7');
    const escapes = new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, 'g');
    expect(out.replace(escapes, '')).toBe(renderTable(columns, rows));
  });

  it('keeps server text on one line and strips terminal escapes from it', () => {
    const evil: Row = { key: 'BAT-2', title: 'Line one\nline two\u001b[2J\u001b]0;pwned\u0007 end', n: 1 };
    const out = renderTable(columns, [evil]);
    expect(out.includes('\u001b') || out.includes('\u0007')).toBe(false);
    expect(out.split('\n')[1]).toBe('BAT-2  1  Line one line two[2J]0;pwned end');
  });

  it('counts wide characters as two cells', () => {
    expect(width('漢字')).toBe(4);
    expect(width('e\u0301')).toBe(1);
    expect(truncate('漢字漢字', 5)).toBe('漢字…');
    expect(oneLine('  a \t b  ')).toBe('a b');
    const out = renderTable(columns, [
      { key: '漢字', title: 't', n: 1 },
      { key: 'ABCDE', title: 't', n: 1 },
    ]);
    expect(out.split('\n').slice(1, 3)).toEqual(['漢字   1  t', 'ABCDE  1  t']);
  });
});
