// What an error means for the exit code and the one line printed (README.md, "Exit codes").
import { CommanderError } from "commander";
import { ConfigError, OptionError } from "../config/env.ts";
import { maskSecrets } from "../config/mask.ts";
import { isUnreachable } from "../db/client.ts";
import { EXIT, UserError } from "./out.ts";

/** The exit code of an error's class (README.md, "Exit codes"). */
export function exitCodeFor(e: unknown): number {
  if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (e instanceof UserError) return e.exitCode;
  if (e instanceof ConfigError) return EXIT.config;
  if (e instanceof OptionError) return EXIT.usage;
  if (isUnreachable(e)) return EXIT.unreachable;
  return EXIT.failed;
}

/** One line for any error, password masked: what `ssot: …` prints. */
export function errorLine(e: unknown): string {
  const err = e as Error;
  const msg = typeof err?.message === "string" && err.message ? err.message : String(e);
  const line = msg.split("\n").map((l) => l.trim()).filter(Boolean).join(" ");
  return maskSecrets(isUnreachable(e) && !/^cannot connect/.test(line) ? `cannot connect to the database: ${line}` : line);
}

/**
 * The one mapping of a database refusal to a user error: an error carrying a SQLSTATE of ours
 * (`SSnnn`, or only those starting with `prefix`) becomes a UserError with its message, then its
 * hint in parentheses (`show: "hint"`) or its code in brackets (`show: "code"`); anything else is
 * returned as it is. Use it as `catch (e) { throw userErrorFromSql(e) }`.
 */
export function userErrorFromSql(e: unknown, opts: { prefix?: string; show?: "hint" | "code" } = {}): unknown {
  const err = e as { code?: unknown; hint?: string; message?: string };
  if (typeof err?.code !== "string" || !err.code.startsWith(opts.prefix ?? "SS")) return e;
  const tail = opts.show === "code" ? ` [${err.code}]` : err.hint ? ` (${err.hint})` : "";
  return new UserError(`${err.message}${tail}`);
}

/** A ConfigError (a missing or invalid environment variable) as a UserError exiting 78; anything else as it is. */
export function userErrorFromConfig(e: unknown): unknown {
  return e instanceof ConfigError ? new UserError(e.message, EXIT.config) : e;
}
