// The API credentials the CLI itself uses, and where each comes from: the vault through the audited
// accessor (control_plane.secret_value, logged as a dispatch by ssot-cli), unless its environment
// variable is set; the variable then overrides the vault, and `ssot doctor` reports that as a
// warning (reads that bypass the access log, a value outside the rotation record).
import type pg from "pg";
import { vaultCredential } from "./store.ts";

/** Each credential: its environment variable and its registry name (db/seeds/21_secrets.yaml). */
export const CLI_CREDENTIALS = [
  { env: "ODOO_PASSWORD", secret: "odoo_api_key", usedBy: "ssot odoo" },
  { env: "EMBEDDINGS_API_KEY", secret: "embeddings_api_key", usedBy: "ssot rag" },
] as const;

export type CredentialEnv = (typeof CLI_CREDENTIALS)[number]["env"];

/**
 * The environment with the credential `env` filled from the vault when the variable is not set
 * and the vault holds its secret; the environment as it is otherwise.
 */
export async function withVaultCredential(c: pg.Client, env: CredentialEnv, source: NodeJS.ProcessEnv = process.env): Promise<NodeJS.ProcessEnv> {
  if (source[env]) return source;
  const cred = CLI_CREDENTIALS.find((x) => x.env === env)!;
  const value = await vaultCredential(c, cred.secret);
  return value === null ? source : { ...source, [env]: value };
}

/** The credentials whose environment variable overrides the vault: what the doctor warns about. */
export function envOverrides(source: NodeJS.ProcessEnv = process.env) {
  return CLI_CREDENTIALS.filter((x) => !!source[x.env]);
}
