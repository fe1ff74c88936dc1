// Pure helpers for "Create Baton item from selection" and the TODO/FIXME code action (no `vscode` import).

import { ITEM_KEY_SOURCE } from '@baton/contracts';

export type CodeSpot = { path: string; startLine: number; endLine: number; languageId: string; code: string };

/** A fence longer than any backtick run inside the code, so the block can never end early. */
function fence(code: string): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

/** Lines as people count them (1-based), "L12" or "L12-L20". */
export function lineRange(spot: Pick<CodeSpot, 'startLine' | 'endLine'>): string {
  return spot.startLine === spot.endLine ? `L${spot.startLine + 1}` : `L${spot.startLine + 1}-L${spot.endLine + 1}`;
}

/** The item description: where the code is and the code itself as a fenced block, with an optional note above. */
export function describeCode(spot: CodeSpot, note = ''): string {
  const code = spot.code.replace(/\s+$/, '');
  const f = fence(code);
  const lang = /^[\w+-]+$/.test(spot.languageId) ? spot.languageId : '';
  return `${note ? `${note.trim()}\n\n` : ''}\`${spot.path}\` ${lineRange(spot)}\n\n${f}${lang}\n${code}\n${f}\n`;
}

/** A title suggestion: the first meaningful line of code, without comment markers, within 120 characters. */
export function suggestTitle(code: string): string {
  const line = code
    .split('\n')
    .map((l) => l.replace(/^\s*(\/\/+|#+|--|\/\*+|\*+|<!--)\s*/, '').replace(/\s*(\*\/|-->)\s*$/, '').trim())
    .find((l) => l.length > 0);
  return (line ?? '').slice(0, 120);
}

export type Todo = { tag: 'TODO' | 'FIXME'; text: string; /** column where the tag starts */ start: number; /** already linked: TODO(BAT-4) */ key: string | null };

const TODO = new RegExp(`\\b(TODO|FIXME)\\b(?:\\((${ITEM_KEY_SOURCE})\\))?[:\\s-]*(.*)$`);
const LINKED = new RegExp(`^\\(${ITEM_KEY_SOURCE}\\)`);

/** A TODO/FIXME inside a comment on this line, or null. Code that merely mentions "TODO" in a string is ignored. */
export function findTodo(line: string): Todo | null {
  const m = TODO.exec(line);
  if (!m || m.index === undefined) return null;
  const before = line.slice(0, m.index);
  if (!/(\/\/|#|--|\/\*|\*|<!--|;)\s*$/.test(before) && !/^\s*$/.test(before)) return null;
  const text = m[3]!.replace(/\s*(\*\/|-->)\s*$/, '').trim();
  return { tag: m[1] as Todo['tag'], text, start: m.index, key: m[2] ?? null };
}

/** The item type a tag suggests: FIXME means something is broken. */
export const todoType = (t: Todo) => (t.tag === 'FIXME' ? ('bug' as const) : ('task' as const));

/** The comment after the item exists: `TODO(BAT-9): text`, so the code points at the item. */
export function linkTodo(line: string, todo: Todo, key: string): string {
  const tagEnd = todo.start + todo.tag.length;
  const rest = line.slice(tagEnd).replace(LINKED, '');
  return `${line.slice(0, tagEnd)}(${key})${/^[:\s]/.test(rest) ? rest : `: ${rest.trimStart()}`}`;
}
