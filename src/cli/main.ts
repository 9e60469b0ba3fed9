// The `ssot` command line. Every command is defined here in src/cli, one file per command group
// (registerX), doing its work through the concern's folder (src/secrets, src/odoo, …).
//
// Every error ends as one line on stderr and an exit code of its class (EXIT in out.ts, the table
// in README.md): misuse of the command line is one line plus a pointer to --help, never the help
// itself. Whatever is printed goes through the password mask (config/mask.ts), console output of
// libraries (graphile-migrate) included.
import { format } from "node:util";
import { Command, CommanderError } from "commander";
import { maskSecrets } from "../config/mask.ts";
import { errorLine, exitCodeFor } from "./errors.ts";
import { registerDb } from "./db.ts";
import { registerInternal } from "./internal.ts";
import { registerMigrate } from "./migrate.ts";
import { EXIT, red } from "./out.ts";
import { registerSeed } from "./seed.ts";
import { registerTest } from "./test.ts";
import { registerUp } from "./up.ts";
import { registerBench } from "./bench.ts";
import { registerOdoo } from "./odoo.ts";
import { registerOdooDb } from "./odoo-db.ts";
import { registerAdvisor } from "./advisor.ts";
import { registerGen } from "./gen.ts";
import { registerRag } from "./rag.ts";
import { registerReport } from "./report.ts";
import { ensureProvisioned, provisionMissing } from "./provision.ts";
import { registerSecret } from "./secret.ts";
import { registerCron } from "./cron.ts";
import { registerNet } from "./net.ts";
import { registerDiff } from "./diff.ts";
import { registerEvents } from "./events.ts";

export function buildProgram(): Command {
  const program = new Command("ssot")
    .description("the control-plane database toolkit: migrations, definitions, doctrine checks, secrets, cron, Odoo bridge, RAG")
    // commander's own error line and the help it prints on a missing subcommand are dropped: main()
    // prints one line of its own (help asked for with --help still goes to stdout)
    .configureOutput({ writeErr: () => {}, outputError: () => {} })
    .exitOverride();
  registerUp(program);
  registerDb(program);
  registerMigrate(program);
  registerSeed(program);
  registerTest(program);
  registerBench(program);
  registerAdvisor(program);
  registerReport(program);
  registerDiff(program);
  registerGen(program);
  registerSecret(program);
  registerCron(program);
  registerNet(program);
  registerOdoo(program);
  registerOdooDb(program);
  registerRag(program);
  registerEvents(program);
  program
    .command("provision")
    .description("install what is missing (PostgreSQL extensions, pg_prove); --check only reports")
    .option("--check", "report what is missing and exit 1 if anything is")
    .action((opts) => {
      if (opts.check) process.exitCode = provisionMissing() ? 1 : 0;
      else ensureProvisioned();
    });
  registerInternal(program);
  return program;
}

/** The command the arguments name (`ssot secret set`), for the pointer to its --help. */
export function commandPath(program: Command, args: string[]): string {
  const names = [program.name()];
  let cmd = program;
  for (const a of args) {
    if (a === "--") break;
    if (a.startsWith("-")) continue;
    const sub = cmd.commands.find((c) => c.name() === a || c.aliases().includes(a));
    if (!sub) break;
    names.push(sub.name());
    cmd = sub;
  }
  return names.join(" ");
}

/** commander's error (its message starts with "error: ") as our one line. */
function usageLine(program: Command, args: string[], e: CommanderError): string {
  const where = commandPath(program, args);
  let what = e.message.replace(/^error: /, "").replace(/\s*\n\s*/g, " ").trim();
  if (e.code === "commander.help") what = "missing command";
  return maskSecrets(`${where}: ${what} (see ${where} --help)`);
}

/** Library output through console.* (graphile-migrate's log lines) gets the same password mask. */
function maskConsole() {
  for (const k of ["log", "info", "warn", "error", "debug"] as const) {
    const original = console[k].bind(console);
    console[k] = (...a: unknown[]) => original(maskSecrets(format(...a)));
  }
}

export async function main(argv: string[]) {
  maskConsole();
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    const code = exitCodeFor(e);
    process.exitCode = code;
    if (e instanceof CommanderError) {
      if (code !== EXIT.ok) process.stderr.write(red(usageLine(program, argv.slice(2), e)) + "\n");
      return;
    }
    process.stderr.write(red(`ssot: ${errorLine(e)}`) + "\n");
    if (process.env.SSOT_DEBUG) process.stderr.write(maskSecrets(String((e as Error)?.stack)) + "\n");
  }
}
