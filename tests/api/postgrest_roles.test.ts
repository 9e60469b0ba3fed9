// Behaviour as PostgREST runs it: a transaction, `set local role`, request.jwt.claims and headers.
// Catalog-driven: every table and view of every schema of ours is tried as anon and as an
// authenticated user, so a table added tomorrow is covered too.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../src/db/client.ts";
import { createTestDatabase, type TestDatabase } from "../../src/testrun/cluster.ts";
import { actAs, withRole, withRootDb } from "../support/roles.ts";

let db: TestDatabase;
let relations: string[];
beforeAll(async () => {
  db = await createTestDatabase("api");
  relations = await withClient(db.url, async (c) => {
    await c.query(`select ops.emit('seed', 'x', '{"secret": "not for anon"}')`);
    const r = await c.query(`
      select format('%I.%I', n.nspname, c.relname) as fq from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'v', 'm') and advisor.is_ours(n.nspname) order by 1`);
    return r.rows.map((x) => x.fq as string);
  });
});
afterAll(async () => {
  await db?.drop();
});

/** Rows the role sees in the relation, or the SQLSTATE it was refused with. */
async function probe(c: pg.Client, fq: string): Promise<number | string> {
  await c.query("savepoint p");
  try {
    const r = await c.query(`select count(*)::int as n from ${fq}`);
    await c.query("release savepoint p");
    return r.rows[0].n as number;
  } catch (e) {
    await c.query("rollback to savepoint p");
    return (e as { code: string }).code;
  }
}

describe("API roles as PostgREST uses them", () => {
  it("finds the relations to probe", () => {
    expect(relations).toContain("ops.events");
    expect(relations).toContain("advisor.checks");
  });

  for (const role of ["anon", "authenticated"] as const) {
    it(`${role} reads nothing in any of our schemas: each relation is refused or empty`, async () => {
      const seen = await withRole(db.url, { role, claims: role === "authenticated" ? { sub: "00000000-0000-0000-0000-0000000000aa" } : {} }, async (c) => {
        const out: Record<string, number | string> = {};
        for (const fq of relations) out[fq] = await probe(c, fq);
        return out;
      });
      // readable by design: rag.settings, the one-row retrieval setting (vector or halfvec) that
      // rag.hybrid_search, a security invoker function, reads as its authenticated caller
      const byDesign: Record<string, number> = role === "authenticated" ? { "rag.settings": 1 } : {};
      const leaking = Object.entries(seen).filter(([fq, v]) => typeof v === "number" && v > 0 && byDesign[fq] !== v);
      expect(leaking).toEqual([]);
      for (const [fq, n] of Object.entries(byDesign)) expect(seen[fq]).toBe(n);
      if (role === "anon") expect(seen["rag.settings"]).toBe("42501");
      expect(seen["ops.events"]).toBe("42501");
      expect(seen["catalog.schemas"]).toBe("42501");
    });
  }

  it("service_role writes events through the RPC with its JWT subject recorded; anon and authenticated are refused", async () => {
    const id = await withRole(db.url, { role: "service_role", claims: { sub: "bot:vercel-bot" } }, async (c) => {
      const r = await c.query(`select public.ops_emit('vercel', 'deployment.finished', '{"ok": true}') as id`);
      const row = await withRootRead(c, r.rows[0].id);
      return row;
    });
    expect(id).toEqual({ actor_role: "service_role", actor_sub: "bot:vercel-bot" });
    for (const role of ["anon", "authenticated"] as const) {
      await expect(withRole(db.url, { role }, (c) => c.query(`select public.ops_emit('x', 'y')`))).rejects.toMatchObject({ code: "42501" });
    }
  });

  it("UPDATE, DELETE and TRUNCATE on ops.events fail for the owner, service_role and authenticated", async () => {
    // the owner (here the superuser that ran the migrations): the guard triggers refuse with SS010
    for (const stmt of ["update ops.events set source = 'x'", "delete from ops.events", "truncate ops.events"]) {
      await expect(withRootDb(db.url, (c) => c.query(stmt))).rejects.toMatchObject({ code: "SS010" });
    }
    // API roles: refused even when the schema is made reachable (privileges are revoked)
    for (const role of ["service_role", "authenticated"] as const) {
      for (const stmt of ["update ops.events set source = 'x'", "delete from ops.events", "truncate ops.events"]) {
        await expect(
          withRootDb(db.url, async (c) => {
            await c.query(`grant usage on schema ops to ${role}`);
            await actAs(c, { role, claims: { sub: "00000000-0000-0000-0000-0000000000aa" } });
            return c.query(stmt);
          }),
        ).rejects.toMatchObject({ code: "42501" });
      }
    }
  });

  it("an authenticated user reads only the rows its policy allows (the (select auth.uid()) template)", async () => {
    // a fixture table in the exposed schema, written the way CONVENTIONS asks, inside a rolled-back transaction
    const seen = await withRootDb(db.url, async (c) => {
      await c.query(`create table public.t_notes (id int primary key, owner_id uuid not null, body text)`);
      await c.query(`alter table public.t_notes enable row level security`);
      await c.query(`create policy t_notes_owner_read on public.t_notes for select to authenticated using (owner_id = (select auth.uid()))`);
      await c.query(`revoke all on public.t_notes from anon`);
      await c.query(`insert into public.t_notes values (1, '00000000-0000-0000-0000-00000000000a', 'a'), (2, '00000000-0000-0000-0000-00000000000b', 'b')`);
      const doctrine = await c.query(`select count(*)::int as n from advisor.assert_doctrine()`);
      const read = async (sub: string) => {
        await c.query("savepoint s");
        await actAs(c, { role: "authenticated", claims: { sub } });
        const r = await c.query(`select id from public.t_notes order by id`);
        await c.query("rollback to savepoint s");
        return r.rows.map((x) => x.id);
      };
      const a = await read("00000000-0000-0000-0000-00000000000a");
      const b = await read("00000000-0000-0000-0000-00000000000b");
      await c.query("savepoint s");
      await actAs(c, { role: "anon" });
      const anon = await probe(c, "public.t_notes");
      await c.query("rollback to savepoint s");
      return { doctrine: doctrine.rows[0].n, a, b, anon };
    });
    expect(seen).toEqual({ doctrine: 0, a: [1], b: [2], anon: "42501" });
  });
});

async function withRootRead(c: pg.Client, id: number) {
  await c.query("reset role");
  const r = await c.query(`select actor_role, actor_sub from ops.events where id = $1`, [id]);
  return r.rows[0];
}
