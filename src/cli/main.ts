// The `ssot` command line. Each concern registers its commands from its own file.
import { Command, CommanderError } from "commander";
import { ConfigError } from "../config/env.ts";
import { registerDb } from "./db.ts";
import { registerInternal } from "./internal.ts";
import { registerMigrate } from "./migrate.ts";
import { red, UserError } from "./out.ts";
import { registerSeed } from "./seed.ts";
import { registerTest } from "./test.ts";
import { registerUp } from "./up.ts";
import { registerBench } from "./bench.ts";
import { registerOdoo } from "./odoo.ts";
import { registerAdvisor } from "./advisor.ts";
import { registerRag } from "./rag.ts";
import { ensureProvisioned, provisionMissing } from "./provision.ts";
import { registerSecret } from "../secrets/cli.ts";
import { registerCron } from "../cron/cli.ts";
import { registerNet } from "../net/cli.ts";

export function buildProgram(): Command {
  const program = new Command("ssot")
    .description("the control-plane database toolkit: migrations, definitions, doctrine checks, secrets, cron, Odoo bridge, RAG")
    .showHelpAfterError()
    .exitOverride();
  registerUp(program);
  registerDb(program);
  registerMigrate(program);
  registerSeed(program);
  registerTest(program);
  registerBench(program);
  registerAdvisor(program);
  registerSecret(program);
  registerCron(program);
  registerNet(program);
  registerOdoo(program);
  registerRag(program);
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

export async function main(argv: string[]) {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode;
      return;
    }
    if (e instanceof UserError || e instanceof ConfigError) {
      process.stderr.write(red(`ssot: ${e.message}`) + "\n");
      process.exitCode = e instanceof UserError ? e.exitCode : 2;
      return;
    }
    const err = e as Error;
    process.stderr.write(red(`ssot: ${err.message}`) + "\n");
    if (process.env.SSOT_DEBUG) process.stderr.write(String(err.stack) + "\n");
    process.exitCode = 1;
  }
}
