/** What the CLI needs from its process, passed in so tests can run `main()` in-process. */
export interface CliIO {
  argv: readonly string[];
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: OutputStream;
  stderr: OutputStream;
  /**
   * Ctrl-C, for the commands that run until stopped (`preview`, `build --watch`): `listener`
   * is called instead of the process ending at once, and the command stops cleanly. Returns
   * a function that removes it. Without it, such a command runs until its process ends.
   */
  onInterrupt?(listener: () => void): () => void;
}

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  /** The terminal itself, for a progress bar's cursor control (only when `isTTY`). */
  terminal?: NodeJS.WritableStream;
}

/** Exit codes, as in `diff`: 0 yes/done, 1 the answer is "no", 2 could not do it; 70 is our bug. */
export const EXIT = { ok: 0, no: 1, error: 2, internal: 70 } as const;

/** Colour only for a person at a terminal: never in pipes, CI logs, or when NO_COLOR is set. */
export function wantsColour(stream: OutputStream, env: CliIO['env']): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}
