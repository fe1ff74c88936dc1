import { describe, expect, it } from 'vitest';
import { statementNames } from './statement-names.ts';

const q = (sql: string, args: unknown[] = [1]) => ({ sql, args });

describe('statementNames', () => {
  it('names the same SQL the same way and different SQL differently', () => {
    const name = statementNames();
    const a = name(q('SELECT 1 WHERE $1 = 1'));
    expect(a).not.toBe('');
    expect(name(q('SELECT 1 WHERE $1 = 1', ['other value']))).toBe(a);
    expect(name(q('SELECT 2 WHERE $1 = 1'))).not.toBe(a);
  });

  it('leaves statements without parameters unnamed (BEGIN, COMMIT, savepoints)', () => {
    const name = statementNames();
    expect(name(q('BEGIN', []))).toBe('');
    expect(name(q('SAVEPOINT s1', []))).toBe('');
  });

  it('names at most `limit` texts; later texts run unnamed while named ones keep their names', () => {
    const name = statementNames(2);
    const first = name(q('SELECT $1'));
    name(q('SELECT $1, 2'));
    expect(name(q('SELECT $1, 3'))).toBe('');
    expect(name(q('SELECT $1'))).toBe(first);
  });
});
