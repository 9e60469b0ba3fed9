// Hidden commands graphile-migrate's hooks call (see .gmrc). They act on GM_DBURL, the database
// graphile-migrate is working on (the dev database, its shadow, or a test template).
import type { Command } from "commander";
import { applyDefinitions } from "../definitions/apply.ts";
import { runBootstrap } from "./context.ts";
import { printDrops } from "./migrate.ts";
import { UserError } from "./out.ts";

function hookUrl(): string {
  const url = process.env.GM_DBURL;
  if (!url) throw new UserError("GM_DBURL is not set: this command is run by graphile-migrate's hooks (see .gmrc)");
  return url;
}

export function registerInternal(program: Command) {
  const internal = program.command("internal", { hidden: true }).description("commands run by graphile-migrate hooks");
  internal.command("bootstrap").action(async () => {
    await runBootstrap(hookUrl());
  });
  internal.command("definitions").action(async () => {
    printDrops(await applyDefinitions(hookUrl()));
  });
}
