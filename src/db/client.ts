// Small helpers around `pg`: one client for the length of a callback, and URL surgery.
import pg from "pg";
import { maskUrl } from "../config/mask.ts";

// int8 and numeric come back as strings by default; counts fit in a JS number.
pg.types.setTypeParser(20, (v) => Number(v));

export type Client = pg.Client;

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>, appName = "ssot"): Promise<T> {
  const c = new pg.Client({ connectionString: url, application_name: appName, connectionTimeoutMillis: connectTimeoutMs() });
  try {
    await c.connect();
  } catch (e) {
    await c.end().catch(() => {});
    throw new ConnectError(url, e as Error);
  }
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => {});
  }
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = "/" + encodeURIComponent(database);
  return u.toString();
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
}

/** A connection string with the password hidden, for messages (the one masking rule: config/mask.ts). */
export const redact = maskUrl;

/** libpq's PGCONNECT_TIMEOUT (seconds; unset or 0: wait as long as the operating system does). */
export function connectTimeoutMs(): number | undefined {
  const s = Number(process.env.PGCONNECT_TIMEOUT);
  return Number.isFinite(s) && s > 0 ? Math.max(2, s) * 1000 : undefined;
}

// Errors that mean "this database cannot be reached or will not let us in", whatever the cause:
// refused, DNS, unreachable network, timeout, reset, bad password, no pg_hba entry, no such
// database, too many connections, the server starting or shutting down.
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NONAME", "ETIMEDOUT", "EHOSTUNREACH", "EHOSTDOWN", "ENETUNREACH", "ENETDOWN", "ECONNRESET", "ECONNABORTED", "EPIPE",
  "28P01", "28000", "3D000", "53300", "57P03",
]);

/** Opening a connection failed: the message names the target with its password masked. */
export class ConnectError extends Error {
  readonly code?: string;
  constructor(url: string, cause: Error & { code?: string }) {
    super(`cannot connect to ${maskUrl(url)}: ${describeConnectFailure(cause)}`, { cause });
    this.code = cause.code;
  }
}

/** True for a ConnectError and for the errors pg or a pool raise when a server is out of reach (by code). */
export function isUnreachable(e: unknown): boolean {
  if (e instanceof ConnectError) return true;
  const err = e as { code?: unknown; message?: unknown } | null;
  if (!err || typeof err !== "object") return false;
  const code = typeof err.code === "string" ? err.code : "";
  if (UNREACHABLE_CODES.has(code) || code.startsWith("08")) return true;
  return typeof err.message === "string" && /^(timeout expired|Connection terminated (unexpectedly|due to connection timeout))$/.test(err.message);
}

function describeConnectFailure(e: Error & { code?: string; hostname?: string }): string {
  switch (e.code) {
    case "ECONNREFUSED": return `connection refused (${e.message.replace(/^connect ECONNREFUSED /, "")}: is the server running?)`;
    case "ENOTFOUND": case "EAI_AGAIN": case "EAI_FAIL": case "EAI_NONAME": return `the host name ${e.hostname ? `${e.hostname} ` : ""}does not resolve`;
    case "ETIMEDOUT": return "the connection timed out";
    case "ENOENT": return `no server socket (${e.message})`;
  }
  if (e.message === "timeout expired" || /connection timeout/.test(e.message)) return `no answer within ${(connectTimeoutMs() ?? 0) / 1000} s (PGCONNECT_TIMEOUT)`;
  return e.code ? `${e.message} (${e.code})` : e.message;
}
