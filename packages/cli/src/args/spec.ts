/** One option of a command, in node:util parseArgs terms plus what help shows. */
export type OptionSpec = {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** the value's placeholder in help, e.g. DURATION */
  value?: string;
  help: string;
};

export type CommandSpec = {
  /** one word, or a group and a word ('config detect') */
  name: string;
  /** positional arguments for help and counting: '<KEY>' required, '[KEY]' optional, a trailing '...' takes the rest */
  args: string[];
  summary: string;
  options: Record<string, OptionSpec>;
};

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/** Options every command takes. */
export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  json: { type: 'boolean', help: 'print JSON (for scripts and agents) instead of tables' },
  product: {
    type: 'string',
    short: 'p',
    value: 'KEY',
    help: 'product key or id (default: BATON_PRODUCT, .baton/config.json, user config)',
  },
  url: { type: 'string', value: 'URL', help: 'server URL (default: BATON_URL, .baton/config.json, user config)' },
  help: { type: 'boolean', short: 'h', help: 'show help' },
};
