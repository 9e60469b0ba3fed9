// Output helpers: colour only on a TTY, plain text otherwise (CI logs stay readable).
const tty = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number) => (s: string) => (tty ? `\x1b[${code}m${s}\x1b[0m` : s);

export const bold = paint(1);
export const dim = paint(2);
export const red = paint(31);
export const green = paint(32);
export const yellow = paint(33);

export function info(line: string) {
  process.stdout.write(line + "\n");
}

export function warn(line: string) {
  process.stderr.write(yellow(line) + "\n");
}

/** An error the user can act on: printed as one line, no stack, and a non-zero exit. */
export class UserError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}
