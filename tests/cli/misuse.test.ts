// Misuse of the command line is one line on stderr (plus a pointer to --help), exit 64: never the
// help text, never a stack.
import { describe, expect, it } from "vitest";
import { errLines, runCli } from "../../src/testrun/run-cli.ts";

const misuses: [string, string[], RegExp][] = [
  ["a missing argument", ["secret", "set"], /^ssot secret set: missing required argument 'name' \(see ssot secret set --help\)$/],
  ["a missing argument of another command", ["cron", "enable"], /^ssot cron enable: missing required argument 'name' \(see ssot cron enable --help\)$/],
  ["a missing query", ["rag", "search"], /^ssot rag search: missing required argument 'query'/],
  ["an unknown option", ["check", "--frobnicate"], /^ssot check: unknown option '--frobnicate' \(see ssot check --help\)$/],
  ["an unknown command", ["frobnicate"], /^ssot: unknown command 'frobnicate' \(see ssot --help\)$/],
  ["an unknown subcommand", ["secret", "frobnicate"], /^ssot secret: unknown command 'frobnicate' \(see ssot secret --help\)$/],
  ["a command group without its command", ["secret"], /^ssot secret: missing command \(see ssot secret --help\)$/],
  ["no command at all", [], /^ssot: missing command \(see ssot --help\)$/],
  ["an option without its value", ["check", "--database-url"], /^ssot check: option '--database-url <url>' argument missing/],
  ["a choice outside the list", ["test", "--only", "both"], /^ssot test: option '--only <part>' argument 'both' is invalid/],
  ["a malformed option value", ["rag", "search", "x", "--count", "abc"], /^ssot: --count must be an integer between 1 and 200/],
  ["a route id that is not one", ["odoo", "routes", "--disable", "x"], /^ssot: --disable expects a route id/],
  ["an unknown benchmark", ["bench", "nope"], /^ssot: unknown benchmark "nope"/],
];

describe("misuse", () => {
  it.each(misuses)("%s: one line, exit 64", (_what, args, line) => {
    const r = runCli(args);
    expect(r.code).toBe(64);
    expect(errLines(r)).toEqual([expect.stringMatching(line)]);
    expect(r.out).toBe("");
    expect(r.err).not.toMatch(/Usage:|Options:|Commands:|\n\s+at /);
  });

  it("--help still prints the help, on stdout, exit 0", () => {
    const r = runCli(["secret", "--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Usage: ssot secret/);
    expect(r.out).toMatch(/set \[options\] <name>|set <name>/);
    expect(r.err).toBe("");
  });
});
