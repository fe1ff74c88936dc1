import { GLOBAL_OPTIONS, type CommandSpec, type OptionSpec } from './spec.ts';

function optionLines(options: Record<string, OptionSpec>): string[] {
  const rows = Object.entries(options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` <${o.value ?? 'VALUE'}>` : ''}${o.multiple ? ' ...' : ''}`;
    return [flag, o.help] as const;
  });
  const width = Math.max(0, ...rows.map(([f]) => f.length));
  return rows.map(([f, h]) => `  ${f.padEnd(width)}  ${h}`);
}

export function commandHelp(c: CommandSpec): string {
  const lines = [`Usage: baton ${[c.name, ...c.args].join(' ')} [options]`, '', c.summary, ''];
  if (Object.keys(c.options).length) lines.push('Options:', ...optionLines(c.options), '');
  lines.push('Global options:', ...optionLines(GLOBAL_OPTIONS), '');
  return lines.join('\n');
}

export function generalHelp(commands: readonly CommandSpec[]): string {
  const width = Math.max(...commands.map((c) => [c.name, ...c.args].join(' ').length));
  return [
    'baton: Baton from the command line.',
    '',
    'Usage: baton <command> [arguments] [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${[c.name, ...c.args].join(' ').padEnd(width)}  ${c.summary}`),
    '',
    'Global options:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    'Configuration: BATON_URL, BATON_TOKEN, BATON_PRODUCT, then .baton/config.json at the git root, then',
    '~/.config/baton/config.json (written by `baton login`). Exit codes: 0 ok, 1 error, 2 usage.',
    "Run `baton <command> --help` for a command's options.",
    '',
  ].join('\n');
}
