import { describe, expect, it } from 'vitest';
import { describeCode, findTodo, lineRange, linkTodo, suggestTitle, todoType } from './item-from-code.ts';

describe('describeCode', () => {
  it('names the file and lines and fences the code with its language', () => {
    const text = describeCode({ path: 'src/cart.ts', startLine: 1, endLine: 2, languageId: 'typescript', code: 'a()\nb()\n\n' });
    expect(text).toBe('`src/cart.ts` L2-L3\n\n```typescript\na()\nb()\n```\n');
  });

  it('uses a longer fence than any inside the code, and a single line range', () => {
    const text = describeCode({ path: 'README.md', startLine: 4, endLine: 4, languageId: 'markdown', code: '````js\nx\n````' }, 'Note');
    expect(text).toBe('Note\n\n`README.md` L5\n\n`````markdown\n````js\nx\n````\n`````\n');
  });

  it('drops a language id that could break out of the fence line', () => {
    expect(describeCode({ path: 'a', startLine: 0, endLine: 0, languageId: 'x\n<script>', code: 'c' })).toContain('\n```\nc\n```');
  });

  it('formats line ranges as people count them', () => {
    expect(lineRange({ startLine: 0, endLine: 9 })).toBe('L1-L10');
  });
});

describe('suggestTitle', () => {
  it('takes the first meaningful line without comment markers', () => {
    expect(suggestTitle('\n   // FIXME: totals overflow  \nconst x = 1')).toBe('FIXME: totals overflow');
    expect(suggestTitle('/* one */')).toBe('one');
    expect(suggestTitle('x'.repeat(300))).toHaveLength(120);
  });
});

describe('TODO comments', () => {
  it('finds TODO and FIXME in comments of several languages', () => {
    expect(findTodo('  // TODO: round to cents')).toEqual({ tag: 'TODO', text: 'round to cents', start: 5, key: null });
    expect(findTodo('# FIXME handle empty input')?.text).toBe('handle empty input');
    expect(findTodo('/* TODO - tidy up */')?.text).toBe('tidy up');
    expect(findTodo('<!-- TODO: alt text -->')?.text).toBe('alt text');
    expect(findTodo('-- TODO(BAT-4): index')?.key).toBe('BAT-4');
  });

  it('ignores TODO outside comments and words that contain it', () => {
    expect(findTodo('const s = "TODO: not a comment"')).toBeNull();
    expect(findTodo('// TODOS are fine')).toBeNull();
  });

  it('writes the key into the comment and picks the type', () => {
    const line = '  // TODO: round to cents';
    expect(linkTodo(line, findTodo(line)!, 'BAT-9')).toBe('  // TODO(BAT-9): round to cents');
    expect(linkTodo('# FIXME handle it', findTodo('# FIXME handle it')!, 'BAT-3')).toBe('# FIXME(BAT-3) handle it');
    expect(todoType(findTodo('# FIXME x')!)).toBe('bug');
    expect(todoType(findTodo('# TODO x')!)).toBe('task');
  });
});
