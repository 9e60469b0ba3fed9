// The Odoo connection, from ODOO_USER, ODOO_PASSWORD (and optional ODOO_TIMEOUT_MS, ODOO_RETRIES),
// validated with the same one-line errors as the rest of ssot. Each instance is reached at its own
// odoo.instances.base_url and database; ODOO_URL and ODOO_DB override them only when set.
import { z } from "zod";
import { loadFeatureEnv } from "../config/env.ts";

export const odooEnvShape = {
  ODOO_URL: z.url({ protocol: /^https?$/, error: "the Odoo server's base URL, e.g. https://erp.example.com" }).optional(),
  ODOO_DB: z.string({ error: "the Odoo database name, e.g. production" }).min(1, "the Odoo database name, e.g. production").optional(),
  ODOO_USER: z.string({ error: "the Odoo API user's login, e.g. seed_bot@example.com" }).min(1, "the Odoo API user's login"),
  ODOO_PASSWORD: z.string({ error: "the Odoo API user's password or API key" }).min(1, "the Odoo API user's password or API key"),
  ODOO_TIMEOUT_MS: z.coerce.number({ error: "a timeout in milliseconds, e.g. 30000" }).int().min(100).max(600000).default(30000),
  ODOO_RETRIES: z.coerce.number({ error: "how many retries on transient errors, e.g. 3" }).int().min(0).max(10).default(3),
};

export interface OdooConfig {
  url: string;
  db: string;
  user: string;
  password: string;
  timeoutMs: number;
  retries: number;
}

/** The environment's part of the connection: url and db only when ODOO_URL / ODOO_DB are set. */
export type OdooEnv = Omit<OdooConfig, "url" | "db"> & { url?: string; db?: string };

export function loadOdooConfig(source: NodeJS.ProcessEnv = process.env): OdooEnv {
  const e = loadFeatureEnv(odooEnvShape, source);
  return { url: e.ODOO_URL, db: e.ODOO_DB, user: e.ODOO_USER, password: e.ODOO_PASSWORD, timeoutMs: e.ODOO_TIMEOUT_MS, retries: e.ODOO_RETRIES };
}
