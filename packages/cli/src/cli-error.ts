/** The command line was wrong (unknown command or option, missing argument, bad value): exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** the command whose usage to point at */
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A failure the CLI detects itself, reported like the server's domain errors (`error CODE: message`, exit 1). */
export class CliFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'CliFailure';
  }
}

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
