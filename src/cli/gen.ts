// `ssot gen types`: writes the supabase-js `Database` type of the exposed schemas (src/typegen).
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { databaseUrlOption } from "../config/env.ts";
import { ConnectError, redact, withClient } from "../db/client.ts";
import { exposedSchemas, generateTypes, TypegenNotInstalledError, TYPES_FILE } from "../typegen/generate.ts";
import { currentTarget } from "./context.ts";
import { EXIT, green, info, UserError } from "./out.ts";

/** Refuses an --out that cannot be written before anything runs: exit 64, nothing generated. */
function writableOut(out: string): string {
  const file = path.resolve(out);
  const fail = (why: string) => new UserError(`--out ${out}: cannot write the types there: ${why}`, EXIT.usage);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw fail("it is a directory");
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.accessSync(path.dirname(file), fs.constants.W_OK);
    if (fs.existsSync(file)) fs.accessSync(file, fs.constants.W_OK);
  } catch (e) {
    throw fail((e as Error).message);
  }
  return file;
}

/** Writes through a temporary file in the same folder: a reader never sees half a file. */
function writeAtomically(file: string, text: string, out: string) {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw new UserError(`--out ${out}: cannot write the types there: ${(e as Error).message}`, EXIT.usage);
  }
}

async function genTypes(opts: { databaseUrl?: string; out: string }) {
  const url = opts.databaseUrl === undefined ? currentTarget().databaseUrl : databaseUrlOption(opts.databaseUrl);
  const toStdout = opts.out === "-";
  const file = toStdout ? "" : writableOut(opts.out);
  let text: string;
  let schemas: string[];
  try {
    schemas = await withClient(url, exposedSchemas, "ssot gen types");
    text = await generateTypes(url, schemas);
  } catch (e) {
    if (e instanceof TypegenNotInstalledError) throw new UserError(`${redact(url)}: ${e.message}`);
    if (e instanceof ConnectError && opts.databaseUrl === undefined) {
      throw new UserError(`${e.message} (start the local cluster with \`npx ssot up\`, or pass --database-url)`, EXIT.unreachable);
    }
    throw e;
  }
  if (toStdout) {
    process.stdout.write(text);
    return;
  }
  writeAtomically(file, text, opts.out);
  info(green(`ssot gen types: wrote ${path.relative(process.cwd(), file) || file} (schemas ${schemas.join(", ")}, ${text.split("\n").length - 1} lines)`));
}

export function registerGen(program: Command) {
  const gen = program.command("gen").description("generate code from the database");
  gen
    .command("types")
    .description("write the supabase-js Database type of the exposed schemas (as `supabase gen types typescript`, by postgres-meta); `ssot check` fails when the committed one is stale")
    .option("--database-url <url>", "the database to read (default: DATABASE_URL or the embedded dev database)")
    .option("--out <file>", `where to write it ('-': stdout)`, TYPES_FILE)
    .action(genTypes);
}
