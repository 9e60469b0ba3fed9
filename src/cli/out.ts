// Output helpers: colour only on a TTY, plain text otherwise (CI logs stay readable). Everything
// printed through them has the password of any URL-shaped text masked (config/mask.ts).
import { maskSecrets } from "../config/mask.ts";

const tty = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number) => (s: string) => (tty ? `\x1b[${code}m${s}\x1b[0m` : s);

export const bold = paint(1);
export const dim = paint(2);
export const red = paint(31);
export const green = paint(32);
export const yellow = paint(33);

/**
 * The exit codes, one per class of failure (the table in README.md, "Exit codes"). Commands that
 * report on something (check, doctor, status, drift, test, secret list --overdue) exit `failed`
 * when what they report is a failure.
 */
export const EXIT = {
  ok: 0,
  /** a check, assertion or test failed, or the work itself failed (refused by the database or Odoo) */
  failed: 1,
  /** cannot reach or log in to the database or Odoo: refused, DNS, timeout, bad password, no such database */
  unreachable: 2,
  /** `ssot db status`: the cluster is not running */
  notRunning: 3,
  /** misuse: unknown command or option, a missing or malformed argument, option value or input */
  usage: 64,
  /** an environment variable is missing or invalid (the message names it) */
  config: 78,
  /** interrupted (Ctrl-C at a prompt) */
  interrupted: 130,
} as const;

// a reader that stops early (`ssot secret list | head`) closes the pipe: stop quietly, as cat does
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? EXIT.ok);
    throw e;
  });
}

export function info(line: string) {
  process.stdout.write(maskSecrets(line) + "\n");
}

export function warn(line: string) {
  process.stderr.write(yellow(maskSecrets(line)) + "\n");
}

/** An error the user can act on: printed as one line, no stack, and a non-zero exit. */
export class UserError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT.failed) {
    super(message);
  }
}

/** Misuse of the command line or its input: one line, exit 64. */
export class UsageError extends UserError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}
