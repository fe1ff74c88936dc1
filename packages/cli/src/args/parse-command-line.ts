import { parseArgs } from 'node:util';
import { UsageError } from '../cli-error.ts';
import { GLOBAL_OPTIONS, type CommandSpec, type OptionValues } from './spec.ts';

export type Parsed<C extends CommandSpec = CommandSpec> =
  { kind: 'help'; command: C | null } | { kind: 'version' } | { kind: 'run'; command: C; positionals: string[]; values: OptionValues };

/** Options taking a value, by spelling, so that `--product BAT list` is not read as the command BAT. */
function valueFlags(specs: CommandSpec['options'][]): Set<string> {
  const flags = new Set<string>();
  for (const options of specs)
    for (const [name, o] of Object.entries(options)) {
      if (o.type !== 'string') continue;
      flags.add(`--${name}`);
      if (o.short) flags.add(`-${o.short}`);
    }
  return flags;
}

/** Indexes of the words before `--` that are neither options nor their values. */
function wordIndexes(argv: string[], takesValue: Set<string>): number[] {
  const words: number[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a.startsWith('-') && a !== '-') {
      if (takesValue.has(a)) i++;
      continue;
    }
    words.push(i);
  }
  return words;
}

const arity = (args: string[]) => ({
  min: args.filter((a) => a.startsWith('<')).length,
  max: args.some((a) => /\.\.\.[\]>]?$/.test(a)) ? Infinity : args.length,
});

/**
 * Reads `baton [global options] <command> [args] [options]`: global options may come before or after the command,
 * every option is checked against the command's declared ones (node:util parseArgs, strict), and the positional
 * count against its arguments. Anything wrong is a UsageError (exit code 2).
 */
export function parseCommandLine<C extends CommandSpec>(argv: string[], commands: readonly C[]): Parsed<C> {
  const words = wordIndexes(argv, valueFlags([GLOBAL_OPTIONS]));
  const first = words[0] === undefined ? undefined : argv[words[0]];
  if (first === undefined) {
    if (argv.includes('--version') || argv.includes('-v')) return { kind: 'version' };
    if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) return { kind: 'help', command: null };
    throw new UsageError('missing command');
  }
  if (first === 'help') {
    const rest = words
      .slice(1)
      .map((i) => argv[i]!)
      .join(' ');
    return { kind: 'help', command: rest ? findCommand(rest, commands) : null };
  }
  const isGroup = commands.some((c) => c.name.startsWith(`${first} `));
  const second = words[1] === undefined ? undefined : argv[words[1]];
  if (isGroup && second === undefined) {
    if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help', command: null };
    const subs = commands.filter((c) => c.name.startsWith(`${first} `)).map((c) => c.name);
    throw new UsageError(`"${first}" needs a subcommand: ${subs.join(', ')}`);
  }
  const name = isGroup ? `${first} ${second}` : first;
  const command = findCommand(name, commands);
  const nameIdx = new Set(words.slice(0, isGroup ? 2 : 1));
  const rest = argv.filter((_, i) => !nameIdx.has(i));

  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { ...GLOBAL_OPTIONS, ...command.options }, allowPositionals: true, strict: true });
  } catch (e) {
    // parseArgs explains at length over several lines; the first sentence says it
    const first = (e as Error).message
      .split('\n')[0]!
      .replace(/\. To specify .*$/, '')
      .replace(/^Unknown option/, 'unknown option');
    throw new UsageError(first, command.name);
  }
  const values = parsed.values as OptionValues;
  if (values.help) return { kind: 'help', command };
  const { min, max } = arity(command.args);
  const positionals = parsed.positionals;
  if (positionals.length < min)
    throw new UsageError(`${command.name} needs ${command.args.filter((a) => a.startsWith('<')).join(' ')}`, command.name);
  if (positionals.length > max)
    throw new UsageError(
      `${command.name} takes ${max === 0 ? 'no arguments' : `at most ${max} argument${max === 1 ? '' : 's'}`}; got "${positionals.slice(max).join(' ')}"`,
      command.name,
    );
  return { kind: 'run', command, positionals, values };
}

function findCommand<C extends CommandSpec>(name: string, commands: readonly C[]): C {
  const command = commands.find((c) => c.name === name);
  if (command) return command;
  const close = commands.filter((c) => c.name.startsWith(name.slice(0, 3)) || distance(c.name, name) <= 2).map((c) => c.name);
  throw new UsageError(`unknown command "${name}"${close.length ? `; did you mean ${close.join(' or ')}?` : ''}`);
}

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}
