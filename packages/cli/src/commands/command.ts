import type { CommandSpec, OptionValues } from '../args/spec.ts';
import type { Session } from '../session.ts';

/** A subcommand: what it accepts (for the parser and help) and what it does. */
export type Command = CommandSpec & { run(s: Session, args: string[], values: OptionValues): Promise<void> };

export const defineCommand = (c: Command): Command => c;
