// The engine's SQL lives in ./sql/<name>.sql next to this module, read once on first use (relative
// to this file's URL, so it works wherever the sources run from: tsx for the CLI, vitest in tests).
import fs from "node:fs";

const cache = new Map<string, string>();

/** The text of ./sql/<name>.sql. */
export function sql(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = fs.readFileSync(new URL(`./sql/${name}.sql`, import.meta.url), "utf8");
    cache.set(name, text);
  }
  return text;
}
