// `ssot seed`: validate every file in db/seeds, then upsert them all in one transaction.
import type { Command } from "commander";
import { parseSeedFile, seedFiles, loadSeeds, SeedError } from "../seeds/load.ts";
import { readyTarget } from "./context.ts";
import { info, UserError } from "./out.ts";

export function registerSeed(program: Command) {
  program
    .command("seed")
    .description("load db/seeds/* (validated first; nothing is written if any file is invalid)")
    .option("--check", "validate the files only, without a database")
    .option("--json", "machine-readable output")
    .action(async (opts) => {
      try {
        if (opts.check) {
          for (const f of seedFiles()) {
            const s = parseSeedFile(f);
            info(`${s.file}: ${s.rows.length} ${s.kind.kind} rows valid`);
          }
          return;
        }
        const t = await readyTarget();
        const r = await loadSeeds(t.databaseUrl);
        if (opts.json) info(JSON.stringify(r));
        else for (const s of r) info(`${s.file}: ${s.rows} rows (${s.inserted} inserted, ${s.updated} updated)`);
      } catch (e) {
        if (e instanceof SeedError) throw new UserError(e.message);
        throw e;
      }
    });
}
