import { describe, expect, it } from 'vitest';
import { UsageError } from '../cli-error.ts';
import { parseCommandLine } from './parse-command-line.ts';
import type { CommandSpec } from './spec.ts';
import { parseDuration } from './values.ts';

const COMMANDS: CommandSpec[] = [
  {
    name: 'list',
    args: ['[QUERY...]'],
    summary: '',
    options: { status: { type: 'string', multiple: true, help: '' }, limit: { type: 'string', help: '' } },
  },
  { name: 'claim', args: ['<KEY>'], summary: '', options: { ttl: { type: 'string', help: '' } } },
  { name: 'status', args: ['<KEY>', '<STATUS>'], summary: '', options: { reason: { type: 'string', help: '' } } },
  { name: 'config detect', args: [], summary: '', options: { write: { type: 'boolean', help: '' } } },
];

const parse = (line: string) => parseCommandLine(line ? line.split(' ') : [], COMMANDS);
const usage = (line: string) => {
  try {
    parse(line);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as UsageError).message;
  }
  throw new Error(`expected a usage error for "${line}"`);
};

describe('parseCommandLine', () => {
  it('reads a command, its positionals and options', () => {
    expect(parse('claim BAT-1 --ttl 15m')).toEqual({ kind: 'run', command: COMMANDS[1], positionals: ['BAT-1'], values: { ttl: '15m' } });
    expect(parse('list type:bug is:open --status open --status done')).toMatchObject({
      positionals: ['type:bug', 'is:open'],
      values: { status: ['open', 'done'] },
    });
  });

  it('takes global options before or after the command, including ones with values', () => {
    expect(parse('--json -p BAT claim BAT-1')).toMatchObject({
      kind: 'run',
      command: { name: 'claim' },
      positionals: ['BAT-1'],
      values: { json: true, product: 'BAT' },
    });
    expect(parse('--product BAT list --json')).toMatchObject({
      command: { name: 'list' },
      positionals: [],
      values: { json: true, product: 'BAT' },
    });
    expect(parse('--url=http://x list')).toMatchObject({ command: { name: 'list' }, values: { url: 'http://x' } });
  });

  it('reads two-word commands', () => {
    expect(parse('config detect --write')).toMatchObject({ kind: 'run', command: { name: 'config detect' }, values: { write: true } });
    expect(usage('config')).toMatch(/needs a subcommand: config detect/);
  });

  it('answers help and version', () => {
    expect(parse('')).toEqual({ kind: 'help', command: null });
    expect(parse('--help')).toEqual({ kind: 'help', command: null });
    expect(parse('claim --help')).toEqual({ kind: 'help', command: COMMANDS[1] });
    expect(parse('help status')).toEqual({ kind: 'help', command: COMMANDS[2] });
    expect(parse('help config detect')).toEqual({ kind: 'help', command: COMMANDS[3] });
    expect(parse('--version')).toEqual({ kind: 'version' });
  });

  it('refuses unknown commands with a suggestion, unknown options, and wrong argument counts', () => {
    expect(usage('lst')).toBe('unknown command "lst"; did you mean list?');
    expect(usage('claim BAT-1 --tll 5')).toMatch(/unknown option '--tll'/);
    expect(usage('claim')).toBe('claim needs <KEY>');
    expect(usage('status BAT-1')).toBe('status needs <KEY> <STATUS>');
    expect(usage('claim BAT-1 BAT-2')).toMatch(/at most 1 argument; got "BAT-2"/);
    expect(usage('config detect now')).toMatch(/no arguments/);
    expect(usage('claim BAT-1 --ttl')).toMatch(/--ttl/);
    expect(usage('--json')).toBe('missing command');
  });

  it('keeps what follows -- as positionals', () => {
    expect(parse('status BAT-1 done --reason=--odd')).toMatchObject({ positionals: ['BAT-1', 'done'], values: { reason: '--odd' } });
    expect(usage('status BAT-1 done --reason --odd')).toBe("Option '--reason' argument is ambiguous.");
    expect(parse('list -- --status')).toMatchObject({ positionals: ['--status'] });
  });
});

describe('parseDuration', () => {
  it('reads seconds and unit durations', () => {
    expect(parseDuration('90')).toBe(90);
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('15m')).toBe(900);
    expect(parseDuration('2h')).toBe(7200);
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration('1d')).toBe(86_400);
    expect(parseDuration(' 15M ')).toBe(900);
  });

  it('refuses anything else', () => {
    for (const bad of ['', 'm', '15 m', '1.5h', '-5', '15x', 'h15']) expect(parseDuration(bad), bad).toBeNull();
  });
});
