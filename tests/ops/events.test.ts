// ops.events with committed data and real connections: concurrent writers while a sealer runs,
// exact counts, a seal chain that verifies, and tampering by a superuser caught by the seals.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../src/db/client.ts";
import { createTestDatabase, type TestDatabase } from "../../src/testrun/cluster.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase("events");
});
afterAll(async () => {
  await db?.drop();
});

async function connect(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}

describe("ops.events under concurrency", () => {
  it("several connections emit at once while seals are taken: the count is exact and the chain verifies", async () => {
    const writers = 6;
    const perWriter = 150;
    const clients = await Promise.all(Array.from({ length: writers }, () => connect(db.url)));
    const sealer = await connect(db.url);
    let writing = true;
    // the sealer keeps sealing while writers are mid-transaction: it must neither block them nor miss their events
    const sealing = (async () => {
      let seals = 0;
      while (writing) {
        const r = await sealer.query(`select count(*)::int as n from ops.seal_events()`);
        seals += r.rows[0].n;
        await new Promise((res) => setTimeout(res, 5));
      }
      return seals;
    })();
    try {
      await Promise.all(
        clients.map(async (c, w) => {
          for (let i = 0; i < perWriter; i += 10) {
            // ten events per transaction, so seals meet transactions still in flight
            await c.query("begin");
            for (let k = 0; k < 10; k++) await c.query(`select ops.emit('writer.${w}', 'tick', jsonb_build_object('i', $1::int))`, [i + k]);
            await c.query("commit");
          }
        }),
      );
    } finally {
      writing = false;
    }
    const sealsDuring = await sealing;
    await sealer.query(`select ops.seal_events()`);
    const counts = await sealer.query(`
      select (select count(*)::int from ops.events) as events,
             (select count(distinct (source, payload ->> 'i'))::int from ops.events) as distinct_events,
             (select coalesce(sum(event_count), 0)::int from ops.event_seals) as sealed`);
    const v = await sealer.query(`select * from ops.verify_event_seals()`);
    await Promise.all([...clients, sealer].map((c) => c.end()));

    expect(counts.rows[0]).toEqual({ events: writers * perWriter, distinct_events: writers * perWriter, sealed: writers * perWriter });
    expect(sealsDuring).toBeGreaterThan(0);
    expect(v.rows[0]).toMatchObject({ ok: true, first_broken_seal: null, problem: null });
    expect(v.rows[0].seals_checked).toBeGreaterThan(1);
  });

  it("a superuser bypassing the guards is caught: verify names the first broken seal", async () => {
    await withClient(db.url, async (c) => {
      const seals = (await c.query(`select id, first_event_id, last_event_id from ops.event_seals order by id`)).rows;
      expect(seals.length).toBeGreaterThan(2);
      const target = seals[1]!;
      await c.query("begin");
      await c.query("set local session_replication_role = replica");
      await c.query(`update ops.events set payload = '{"forged": true}' where id = $1`, [target.last_event_id]);
      await c.query("commit");
      const v = (await c.query(`select * from ops.verify_event_seals()`)).rows[0];
      expect(v.ok).toBe(false);
      expect(Number(v.first_broken_seal)).toBe(Number(target.id));
      expect(v.problem).toMatch(new RegExp(`^seal ${target.id}: events \\d+\\.\\.\\d+ were changed after sealing`));
    });
  });

  it("disabling a guard trigger is visible to ssot check's assertions", async () => {
    await withClient(db.url, async (c) => {
      await c.query("alter table ops.events disable trigger _100_append_only_statement");
      const r = await c.query(`select problem from advisor.assert_doctrine() where check_name = 'events_append_only'`);
      await c.query("alter table ops.events enable trigger _100_append_only_statement");
      expect(r.rows.map((x) => x.problem)).toEqual(["ops.events: trigger _100_append_only_statement is disabled (only a superuser can do this; events may have been changed)"]);
    });
  });
});
