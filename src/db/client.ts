// Small helpers around `pg`: one client for the length of a callback, and URL surgery.
import pg from "pg";

// int8 and numeric come back as strings by default; counts fit in a JS number.
pg.types.setTypeParser(20, (v) => Number(v));

export type Client = pg.Client;

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>, appName = "ssot"): Promise<T> {
  const c = new pg.Client({ connectionString: url, application_name: appName });
  await c.connect();
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

/** A connection string with the password hidden, for messages. */
export function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "****";
  return u.toString();
}
