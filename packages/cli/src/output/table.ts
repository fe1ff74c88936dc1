import { oneLine, plain, truncate, width, type Paint, type Style } from './text.ts';

export type Column<T> = {
  header: string;
  value: (row: T) => string;
  align?: 'left' | 'right';
  /** the column that gives up width when the table is wider than the terminal (titles) */
  flex?: boolean;
  style?: (row: T) => Style | null;
};

export type TableOptions = { paint?: Paint; /** terminal width; null = never cut (pipes, files) */ maxWidth?: number | null };

const GAP = '  ';

/**
 * Aligned columns under upper-case headers, two spaces apart, no trailing spaces. Cells are one line of plain text
 * (control characters removed); colour, when given, is added after alignment so escapes never skew the widths.
 */
export function renderTable<T>(columns: Column<T>[], rows: readonly T[], opts: TableOptions = {}): string {
  const paint = opts.paint ?? plain;
  const cells = rows.map((row) => columns.map((c) => oneLine(c.value(row))));
  const widths = columns.map((c, i) => Math.max(width(c.header), ...cells.map((r) => width(r[i]!))));
  const flex = columns.findIndex((c) => c.flex);
  if (opts.maxWidth && flex >= 0) {
    const total = widths.reduce((a, b) => a + b, 0) + GAP.length * (columns.length - 1);
    if (total > opts.maxWidth) widths[flex] = Math.max(width(columns[flex]!.header), 10, widths[flex]! - (total - opts.maxWidth));
  }
  const line = (texts: string[], styles: (Style | null)[]) =>
    texts
      .map((text, i) => {
        const cut = truncate(text, widths[i]!);
        const pad = ' '.repeat(widths[i]! - width(cut));
        const last = i === texts.length - 1;
        const painted = paint(styles[i] ?? null, cut);
        return columns[i]!.align === 'right' ? pad + painted : last ? painted : painted + pad;
      })
      .join(GAP)
      .replace(/\s+$/, '');
  const header = line(
    columns.map((c) => c.header.toUpperCase()),
    columns.map(() => 'bold'),
  );
  return (
    [
      header,
      ...cells.map((r, n) =>
        line(
          r,
          columns.map((c) => c.style?.(rows[n]!) ?? null),
        ),
      ),
    ].join('\n') + '\n'
  );
}
