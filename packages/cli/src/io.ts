import { execFile } from 'node:child_process';
import { homedir, hostname } from 'node:os';

/** Everything a command touches outside itself, so commands run the same in a terminal and in tests. */
export type Io = {
  stdout(text: string): void;
  stderr(text: string): void;
  /** stdout is a terminal: tables get colour and fit its width */
  isTTY: boolean;
  columns: number | null;
  env: NodeJS.ProcessEnv;
  cwd: string;
  home: string;
  hostname: string;
  sleep(ms: number): Promise<void>;
  /** `git <args>` in cwd: its trimmed stdout, or null when git fails or is missing */
  git(args: string[]): Promise<string | null>;
};

export function nodeIo(): Io {
  const cwd = process.cwd();
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    isTTY: process.stdout.isTTY === true,
    columns: process.stdout.isTTY ? process.stdout.columns : null,
    env: process.env,
    cwd,
    home: homedir(),
    hostname: hostname(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    git: (args) =>
      new Promise((resolve) => {
        execFile('git', args, { cwd, timeout: 10_000 }, (error, stdout) => resolve(error ? null : stdout.trim()));
      }),
  };
}
