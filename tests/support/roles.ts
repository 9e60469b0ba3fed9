// Run SQL the way PostgREST does for a request: in a transaction, `set local role`, the JWT claims
// and request headers set with set_config(..., true), and everything rolled back afterwards.
import pg from "pg";

export type ApiRole = "anon" | "authenticated" | "service_role";

export interface RequestContext {
  role: ApiRole;
  /** JWT claims; `role` is filled in from `role` when absent. */
  claims?: Record<string, unknown>;
  /** Request headers, lower-case names as PostgREST passes them. */
  headers?: Record<string, string>;
}

async function inRolledBackTx<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query("begin");
    return await fn(c);
  } finally {
    await c.query("rollback").catch(() => {});
    await c.end().catch(() => {});
  }
}

/** As the superuser, in a transaction that is always rolled back. */
export function withRootDb<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  return inRolledBackTx(url, fn);
}

/** Switches an open transaction to an API role with claims and headers (transaction-local). */
export async function actAs(c: pg.Client, ctx: RequestContext) {
  const claims = { role: ctx.role, ...(ctx.claims ?? {}) };
  await c.query(
    `select set_config('request.jwt.claims', $1, true), set_config('request.headers', $2, true), set_config('role', $3, true)`,
    [JSON.stringify(claims), JSON.stringify(ctx.headers ?? {}), ctx.role],
  );
}

/** As an API role with JWT claims and request headers, in a transaction that is always rolled back. */
export function withRole<T>(url: string, ctx: RequestContext, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  return inRolledBackTx(url, async (c) => {
    await actAs(c, ctx);
    return fn(c);
  });
}
