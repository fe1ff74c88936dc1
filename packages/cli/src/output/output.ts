import type { Io } from '../io.ts';
import { ansi, plain, type Paint } from './text.ts';

/** Where results go: JSON for machines (--json), text for people; progress and notes always go to stderr. */
export class Output {
  readonly paint: Paint;
  readonly maxWidth: number | null;

  constructor(
    private readonly io: Io,
    readonly json: boolean,
  ) {
    // colour only on a terminal, and never when NO_COLOR is set (no-color.org)
    const colour = io.isTTY && !io.env.NO_COLOR && io.env.TERM !== 'dumb';
    this.paint = colour ? ansi : plain;
    this.maxWidth = io.isTTY ? io.columns : null;
  }

  /** The command's result: `value` as JSON, or what `human` renders. */
  result(value: unknown, human: () => string): void {
    if (this.json) this.io.stdout(JSON.stringify(value, null, 2) + '\n');
    else {
      const text = human();
      if (text) this.io.stdout(text.endsWith('\n') ? text : text + '\n');
    }
  }

  /** A note for the person at the terminal (never mixed into stdout, which may be piped). */
  note(text: string): void {
    this.io.stderr(text.endsWith('\n') ? text : text + '\n');
  }
}
