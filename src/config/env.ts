// The environment ssot reads, validated once with zod. A bad value ends the process with one
// line naming the variable and what it should look like, its password masked (a variable whose
// name says it holds a secret is never echoed at all).
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { maskUrl } from "./mask.ts";

const PG_URL_HINT = "a postgres:// connection string, e.g. postgres://user:password@host:5432/db (special characters in the password percent-encoded, e.g. %40 for an at sign, %23 for a hash, %20 for a space)";

/** True for a postgres:// or postgresql:// URL that parses (what pg and graphile-migrate will read). */
export function isPgUrl(v: string): boolean {
  if (!/^postgres(ql)?:\/\/\S+$/.test(v)) return false;
  try {
    new URL(v);
    return true;
  } catch {
    return false;
  }
}

const pgUrl = z.string().refine(isPgUrl, PG_URL_HINT);

/** Names of variables whose value is never printed, not even masked. */
const SECRET_NAME = /PASSWORD|SECRET|TOKEN|API_KEY|_KEY$/i;

/** How a bad value is shown in a message: masked, or not at all for a secret's variable. */
export function shownValue(name: string, value: string): string {
  return SECRET_NAME.test(name) ? "(hidden)" : JSON.stringify(maskUrl(value));
}

const port = z.coerce
  .number({ message: "an integer port between 1024 and 65535" })
  .int("an integer port between 1024 and 65535")
  .min(1024, "an integer port between 1024 and 65535")
  .max(65535, "an integer port between 1024 and 65535");

/** A folder laid out like the project's db/ (it has migrations/), for SSOT_DB_DIR. */
function isDbDir(v: string): boolean {
  try {
    return fs.statSync(path.join(path.resolve(v), "migrations")).isDirectory();
  } catch {
    return false;
  }
}

const ident = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, "a lowercase PostgreSQL identifier, e.g. ssot");

export const envSchema = z.object({
  DATABASE_URL: pgUrl.optional(),
  SHADOW_DATABASE_URL: pgUrl.optional(),
  ROOT_DATABASE_URL: pgUrl.optional(),
  READ_DATABASE_URL: pgUrl.optional(),
  SSOT_PORT: port.default(54329),
  SSOT_TEST_PORT: port.default(54339),
  SSOT_DB_NAME: ident.default("ssot"),
  SSOT_HOME: z.string().min(1, "a directory path").optional(),
  SSOT_DB_DIR: z.string().refine(isDbDir, "a folder holding migrations/, laid out like the project's db/").optional(),
  SSOT_PG_BIN: z.string().min(1, "the directory holding pg_ctl and postgres").default("/usr/lib/postgresql/15/bin"),
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {}

/** Validates `source` (process.env by default); throws ConfigError naming the first bad variable. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const picked: Record<string, string | undefined> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const v = source[key];
    picked[key] = v === "" ? undefined : v;
  }
  const parsed = envSchema.safeParse(picked);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    throw new ConfigError(`${name}=${shownValue(name, picked[name] ?? "")} is invalid: expected ${issue.message}`);
  }
  return parsed.data;
}

export class OptionError extends Error {}

/** A `--database-url` value: a parseable postgres:// URL, else an OptionError whose message masks it. */
export function databaseUrlOption(value: string, option = "--database-url"): string {
  if (!isPgUrl(value)) throw new OptionError(`${option} ${shownValue(option, value)} is invalid: expected ${PG_URL_HINT}`);
  return value;
}

/** Validates variables of one feature (ODOO_*, EMBEDDINGS_* …) with the same one-line errors. */
export function loadFeatureEnv<T extends z.ZodRawShape>(shape: T, source: NodeJS.ProcessEnv = process.env) {
  const schema = z.object(shape);
  const picked: Record<string, string | undefined> = {};
  for (const key of Object.keys(shape)) picked[key] = source[key] === "" ? undefined : source[key];
  const parsed = schema.safeParse(picked);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    const got = picked[name];
    if (got === undefined) {
      // zod says "expected string, received undefined"; the schema's own message says what is wanted
      const hint = (shape[name] as z.ZodType).safeParse("");
      const wanted = hint.success ? issue.message : hint.error.issues[0]!.message;
      throw new ConfigError(`${name} is not set: expected ${wanted}`);
    }
    throw new ConfigError(`${name}=${shownValue(name, got)} is invalid: expected ${issue.message}`);
  }
  return parsed.data;
}
