// Hidden commands graphile-migrate's hooks call (see .gmrc). They act on GM_DBURL, the database
// graphile-migrate is working on (the dev database, its shadow, or a test template).
import type { Command } from "commander";
import { bootstrap } from "../db/bootstrap.ts";
import { applyDefinitions } from "../db/definitions.ts";
import { UserError, warn } from "./out.ts";

function hookUrl(): string {
  const url = process.env.GM_DBURL;
  if (!url) throw new UserError("GM_DBURL is not set: this command is run by graphile-migrate's hooks (see .gmrc)");
  return url;
}

export function registerInternal(program: Command) {
  const internal = program.command("internal", { hidden: true }).description("commands run by graphile-migrate hooks");
  internal.command("bootstrap").action(async () => {
    await bootstrap(hookUrl());
  });
  internal.command("definitions").action(async () => {
    // On the shadow database (graphile-migrate commit), this hook first runs after the committed
    // migrations only, before current.sql has created the tables that new definitions refer to.
    // There a failure is a warning: the definitions run again, and must apply, on the real database.
    if (process.env.GM_SHADOW) {
      await applyDefinitions(hookUrl()).catch((e: Error) => warn(`definitions on the shadow database skipped: ${e.message}`));
      return;
    }
    await applyDefinitions(hookUrl());
  });
}
