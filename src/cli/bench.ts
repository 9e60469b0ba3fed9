// `ssot bench <name>` (npm run bench -- <name>): benchmarks that print ratios measured side by side.
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { projectRoot } from "../cluster/paths.ts";
import { UsageError } from "./out.ts";

const benchDir = path.join(projectRoot, "bench");

export function benchNames(): string[] {
  return fs.existsSync(benchDir) ? fs.readdirSync(benchDir).filter((f) => f.endsWith(".ts") && !f.startsWith("_")).map((f) => f.replace(/\.ts$/, "")).sort() : [];
}

export function registerBench(program: Command) {
  program
    .command("bench")
    .description(`run a benchmark on the test cluster and print ratios (${benchNames().join(", ") || "none yet"})`)
    .argument("<name>", "which benchmark")
    .allowUnknownOption(true)
    .argument("[args...]", "options for the benchmark, e.g. --rows 100000")
    .action(async (name: string, args: string[]) => {
      if (!benchNames().includes(name)) throw new UsageError(`unknown benchmark "${name}" (known: ${benchNames().join(", ") || "none"})`);
      const mod = (await import(path.join(benchDir, `${name}.ts`))) as { run: (args: string[]) => Promise<void> };
      await mod.run(args);
    });
}
