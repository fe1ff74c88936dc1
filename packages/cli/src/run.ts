import { errorOf, TRPCClientError } from '@baton/client';
import { generalHelp, commandHelp } from './args/help.ts';
import { parseCommandLine } from './args/parse-command-line.ts';
import { CliFailure, EXIT, UsageError } from './cli-error.ts';
import { COMMANDS } from './commands/index.ts';
import type { Io } from './io.ts';
import { oneLine } from './output/text.ts';
import { Session, VERSION } from './session.ts';

type ErrorBody = { code: string; message: string; details?: Record<string, unknown> | undefined };

/** What went wrong, as `error CODE: message`: the server's domain error, a CLI-side failure, or a transport one. */
function describe(e: unknown, url: string | null): ErrorBody | null {
  if (e instanceof CliFailure) return { code: e.code, message: e.message, details: e.details };
  const body = errorOf(e);
  if (body) return body;
  if (e instanceof TRPCClientError) {
    const data = e.data as { code?: string; httpStatus?: number } | undefined;
    if (data?.httpStatus) return { code: data.code ?? `HTTP_${data.httpStatus}`, message: e.message };
    const cause = (e.cause as { cause?: { code?: string; message?: string } } | undefined)?.cause;
    return { code: 'UNAVAILABLE', message: `cannot reach ${url ?? 'the server'}: ${cause?.code ?? cause?.message ?? e.message}` };
  }
  return null;
}

/**
 * Runs one command line and returns the exit code: 0 ok, 1 an error (domain or transport: `error CODE: message` on
 * stderr, and `{"error": ...}` on stdout with --json), 2 a usage error.
 */
export async function run(argv: string[], io: Io): Promise<number> {
  const json = argv.includes('--json');
  let session: Session | null = null;
  try {
    const parsed = parseCommandLine(argv, COMMANDS);
    if (parsed.kind === 'version') {
      io.stdout(`baton ${VERSION}\n`);
      return EXIT.ok;
    }
    if (parsed.kind === 'help') {
      io.stdout(parsed.command ? commandHelp(parsed.command) : generalHelp(COMMANDS));
      return EXIT.ok;
    }
    session = await Session.open(io, parsed.values);
    await parsed.command.run(session, parsed.positionals, parsed.values);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(
        `usage error: ${e.message}\n${e.command ? `Run \`baton ${e.command} --help\` for its usage.` : 'Run `baton --help` for the commands.'}\n`,
      );
      return EXIT.usage;
    }
    let url: string | null = null;
    try {
      url = session?.url ?? null;
    } catch {
      // no URL configured: the message says so without it
    }
    const body = describe(e, url) ?? { code: 'INTERNAL', message: (e as Error)?.stack ?? String(e) };
    io.stderr(`error ${body.code}: ${oneLine(body.message)}\n`);
    if (json) io.stdout(JSON.stringify({ error: body }, null, 2) + '\n');
    return EXIT.failure;
  }
}
