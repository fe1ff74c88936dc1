/** Editor toolbar actions: each turns the textarea's selection into markdown and says where the selection goes. */
export type Edit = { text: string; start: number; end: number };
export type Action = 'bold' | 'italic' | 'code' | 'link' | 'list' | 'quote' | 'checklist';

const WRAP: Partial<Record<Action, [string, string, string]>> = {
  bold: ['**', '**', 'bold text'],
  italic: ['_', '_', 'italic text'],
  code: ['`', '`', 'code'],
};
const LINE_PREFIX: Partial<Record<Action, string>> = { list: '- ', quote: '> ', checklist: '- [ ] ' };

export function applyAction(action: Action, value: string, start: number, end: number): Edit {
  const selected = value.slice(start, end);
  const wrap = WRAP[action];
  if (wrap) {
    const [open, close, placeholder] = wrap;
    const inner = selected || placeholder;
    const text = value.slice(0, start) + open + inner + close + value.slice(end);
    return { text, start: start + open.length, end: start + open.length + inner.length };
  }
  if (action === 'link') {
    const label = selected || 'link text';
    const text = `${value.slice(0, start)}[${label}](https://)${value.slice(end)}`;
    const urlAt = start + label.length + 3;
    return { text, start: urlAt, end: urlAt + 'https://'.length };
  }
  // line prefixes apply to every line the selection touches
  const prefix = LINE_PREFIX[action]!;
  const lineStart = value.lastIndexOf('\n', start - 1) + 1;
  const block = value.slice(lineStart, end);
  const prefixed = block
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
  const text = value.slice(0, lineStart) + prefixed + value.slice(end);
  return { text, start: start + prefix.length, end: lineStart + prefixed.length };
}

/** The `@partial` being typed just before the caret, if any. */
export function mentionQuery(value: string, caret: number): { query: string; from: number } | null {
  const m = /(^|[\s(])@([a-z0-9._+-]{0,64})$/i.exec(value.slice(0, caret));
  if (!m) return null;
  return { query: m[2]!.toLowerCase(), from: caret - m[2]!.length - 1 };
}
