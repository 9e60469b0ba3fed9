// Seals an owner cannot rewrite (docs/anchors.md). Each test gets a database of its own where the
// append-only tables and their seals belong to a role that is NOT a superuser, as `postgres` owns
// them on Supabase: the attacker is that owner, who may turn the guards off, grant itself UPDATE and
// DELETE, and recompute seals. The seal job runs as the system would (ops.seal_and_anchor), the net
// worker delivers the anchors to a stand-in receiver with its own key, counter and clock
// (tests/support/anchor-receiver.ts), and verifyAnchors checks with that key.
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { withClient } from "../../src/db/client.ts";
import { verifyAnchors } from "../../src/events/anchors.ts";
import { NetWorker } from "../../src/net/worker.ts";
import { createTestDatabase, requireTestEnv, type TestDatabase } from "../../src/testrun/cluster.ts";
import { startAnchorReceiver, type AnchorReceiver } from "../support/anchor-receiver.ts";
import { runCliAsync } from "../../src/testrun/run-cli.ts";

const KEY = "anchor-key-held-by-the-receiver-and-ci";
const WINDOW = 180;

interface World {
  db: TestDatabase;
  owner: string;
  rx: AnchorReceiver;
  q: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;
  asOwner: (sql: string) => Promise<void>;
  cycle: (advanceMs?: number) => Promise<Record<string, unknown>>;
  verify: () => Promise<{ problems: { name: string; message: string }[]; anchorsChecked: number }>;
}
let world: World | undefined;

/** The tables an owner can tamper with, owned by a non-superuser role, as on Supabase. */
async function handToOwner(url: string, owner: string) {
  await withClient(url, async (c) => {
    await c.query(`create role ${pg.escapeIdentifier(owner)} nologin nosuperuser nobypassrls`);
    const tables = (await c.query(`select c.oid::regclass::text as t from pg_class c
      where c.oid in ('ops.events'::regclass, 'ops.event_seals'::regclass, 'ops.seal_anchors'::regclass,
                      'control_plane.access_log'::regclass, 'control_plane.access_log_seals'::regclass)
         or c.oid in (select inhrelid from pg_inherits where inhparent = 'ops.events'::regclass)`)).rows;
    for (const { t } of tables) await c.query(`alter table ${t} owner to ${pg.escapeIdentifier(owner)}`);
    // as on Supabase, where postgres uses the extensions schema (pgcrypto's hmac)
    await c.query(`grant usage on schema ops, control_plane, extensions to ${pg.escapeIdentifier(owner)}`);
    await c.query(`grant execute on all functions in schema ops to ${pg.escapeIdentifier(owner)}`);
  });
}

async function setup(prefix: string): Promise<World> {
  const db = await createTestDatabase(prefix);
  const owner = `${db.name}_owner`;
  await handToOwner(db.url, owner);
  const rx = await startAnchorReceiver(KEY);
  const q = (sql: string, params: unknown[] = []) => withClient(db.url, (c) => c.query(sql, params).then((r) => r.rows));
  const asOwner = (sql: string) => withClient(db.url, async (c) => {
    await c.query(`set role ${pg.escapeIdentifier(owner)}`);
    await c.query(sql);
  });
  const worker = new NetWorker({ url: db.url });
  /** One tick of the seal job, the anchors delivered, the receipts recorded; the receiver's clock moves on. */
  const cycle = async (advanceMs = 30_000) => {
    rx.advance(advanceMs);
    const [r] = await q(`select ops.seal_and_anchor($1) as r`, [rx.url]);
    for (let i = 0; i < 20; i++) {
      await worker.once();
      const [p] = await q(`select count(*)::int as n from ops.outbox where topic = 'ops.seal_anchor' and status in ('pending', 'dispatched')`);
      if (p!.n === 0) break;
    }
    await q(`select ops.seal_anchor_record()`);
    return r!.r as Record<string, unknown>;
  };
  const verify = () => withClient(db.url, (c) => verifyAnchors(c, { key: KEY, windowSeconds: WINDOW, now: rx.now() }));
  world = { db, owner, rx, q, asOwner, cycle, verify };
  return world;
}

afterEach(async () => {
  if (!world) return;
  const { db, owner, rx } = world;
  world = undefined;
  await rx.close();
  await db.drop();
  await withClient(requireTestEnv().rootUrl, (c) => c.query(`drop role if exists ${pg.escapeIdentifier(owner)}`));
});

const emit = (w: World, n: number, tag: string) => w.q(`select ops.emit('anchor.test', $1, jsonb_build_object('i', g)) from generate_series(1, $2::int) g`, [tag, n]);
const logAccess = (w: World, reason: string) => w.q(`insert into control_plane.access_log (secret_name, access_type, outcome, reason, db_role) values ('s', 'read', 'granted', $1, 'service_role')`, [reason]);

/** The guards off for the owner, on the given tables and every partition of ops.events. */
const guardsOff = `
  do $$ declare t regclass; begin
    for t in select c.oid::regclass from pg_class c
              where c.oid in ('ops.events'::regclass, 'ops.event_seals'::regclass, 'ops.seal_anchors'::regclass,
                              'control_plane.access_log'::regclass, 'control_plane.access_log_seals'::regclass)
                 or c.oid in (select inhrelid from pg_inherits where inhparent = 'ops.events'::regclass) loop
      execute format('alter table %s disable trigger user', t);
      execute format('grant update, delete on %s to current_user', t);
    end loop;
  end $$;`;

/** Every seal of a chain recomputed from the rows as they are now, as an owner would to hide an edit. */
const recompute = (seals: string, count: string, digest: string) => `
  do $$ declare s record; prev bytea; d bytea; begin
    for s in select * from ${seals} order by id loop
      select x.digest into d from ${digest} x;
      update ${seals} set batch_digest = d, prev_hash = prev, hash = ops.event_seal_hash(prev, s.from_txid, s.to_txid, s.${count}, d)
       where id = s.id returning hash into prev;
    end loop;
  end $$;`;

describe("anchored seals, tampered with by the table owner (not a superuser)", () => {
  it("the happy path: seals, heartbeats and access-log seals anchored, no problem", async () => {
    const w = await setup("anchors_ok");
    await emit(w, 20, "first");
    await logAccess(w, "first");
    await w.cycle();
    await emit(w, 5, "second");
    const second = await w.cycle();
    expect(second).toMatchObject({ anchors_sent: 1, anchoring: "on" });
    // nothing new: no anchor until the heartbeat is due (the last one sent a minute ago)
    expect(await w.cycle()).toMatchObject({ anchors_sent: 0, event_seal: null });
    await w.q(`update ops.outbox set created_at = created_at - interval '1 minute' where topic = 'ops.seal_anchor'`);
    expect(await w.cycle()).toMatchObject({ anchors_sent: 1 });
    expect(w.rx.log.map((l) => `${l.body.chain}:${l.body.kind}`)).toEqual([
      "ops.events:seal", "control_plane.access_log:seal", "ops.events:seal", "ops.events:heartbeat",
    ]);
    expect(await w.q(`select seq::int, chain, kind from ops.seal_anchors order by seq`)).toEqual(
      w.rx.log.map((l) => ({ seq: l.receipt.seq, chain: l.body.chain, kind: l.body.kind })));
    expect(await w.verify()).toEqual({ problems: [], anchorsChecked: 4 });
  });

  it("an event edited with every seal recomputed passes ops.verify_event_seals, and the anchors name the seal", async () => {
    const w = await setup("anchors_edit");
    await emit(w, 10, "a");
    await w.cycle();
    await emit(w, 10, "b");
    await w.cycle();
    const seals = (await w.q(`select id::int from ops.event_seals order by id`)).map((r) => r.id as number);
    await w.asOwner(`${guardsOff}
      update ops.events set payload = '{"i": 999}' where event_type = 'a' and payload = '{"i": 3}';
      ${recompute("ops.event_seals", "event_count", "ops.event_batch_digest(s.from_txid, s.to_txid, s.digest_scheme)")}`);
    expect(await w.q(`select ok from ops.verify_event_seals()`)).toEqual([{ ok: true }]);
    const r = await w.verify();
    const names = r.problems.map((p) => p.name);
    // the edited event is in the first seal: it and every seal after it no longer match their anchors
    expect(names).toEqual(seals.map((id) => `ops.events seal ${id}`));
    expect(r.problems[0]!.message).toMatch(/rewritten after it was anchored/);
  });

  it("sealing held off past the window, an unsealed event deleted, sealing resumed: the gap in time is caught", async () => {
    const w = await setup("anchors_hold");
    await emit(w, 5, "before");
    await w.cycle();
    const [victim] = await w.q(`select ops.emit('anchor.test', 'victim', '{}') as id`);
    // the owner keeps the seal job off for ten minutes (they pass on the receiver's clock: the
    // database's cannot be moved), deletes the event nobody sealed, and lets sealing resume
    w.rx.advance(10 * 60_000);
    await w.asOwner(`${guardsOff} delete from ops.events where id = ${Number(victim!.id)};`);
    await emit(w, 1, "after");
    await w.cycle();
    expect(await w.q(`select ok from ops.verify_event_seals()`)).toEqual([{ ok: true }]);
    const r = await w.verify();
    const n = w.rx.log.length;
    expect(r.problems.map((p) => p.name)).toEqual([`anchor gap seq ${n - 1}..${n}`]);
    expect(r.problems[0]!.message).toMatch(/the sealer was held off/);
  });

  it("a deleted anchor leaves a gap in the receiver's counter", async () => {
    const w = await setup("anchors_del");
    for (const tag of ["a", "b", "c"]) {
      await emit(w, 3, tag);
      await w.cycle();
    }
    await w.asOwner(`${guardsOff} delete from ops.seal_anchors where seq = 2;`);
    expect((await w.verify()).problems.map((p) => p.name)).toEqual(["receipts seq 2"]);
  });

  it("an access-log row edited with its seals recomputed is caught against the anchors", async () => {
    const w = await setup("anchors_log");
    await logAccess(w, "honest");
    await w.cycle();
    await logAccess(w, "later");
    await w.cycle();
    // a plain edit: the access log's own chain catches it
    await w.asOwner(`${guardsOff} update control_plane.access_log set reason = 'nothing to see' where reason = 'honest';`);
    const [v] = await w.q(`select ok, first_broken_seal::int as seal from ops.verify_access_log_seals()`);
    expect(v).toEqual({ ok: false, seal: 1 });
    // the seals recomputed: the chain verifies, the anchors do not
    await w.asOwner(`${guardsOff} ${recompute("control_plane.access_log_seals", "row_count", "ops.access_log_batch_digest(s.from_txid, s.to_txid)")}`);
    expect(await w.q(`select ok from ops.verify_access_log_seals()`)).toEqual([{ ok: true }]);
    expect((await w.verify()).problems.map((p) => p.name)).toEqual([
      "control_plane.access_log seal 1", "control_plane.access_log seal 2",
    ]);
  });

  it("a receipt made without the receiver's key is named, and so is an anchor row altered to fit a rewritten seal", async () => {
    const w = await setup("anchors_forge");
    await emit(w, 3, "a");
    await w.cycle();
    const [head] = await w.q(`select id::int, encode(hash, 'hex') as hash from ops.event_seals order by id desc limit 1`);
    const seq = w.rx.log.length + 1;
    await w.asOwner(`
      insert into ops.seal_anchors (chain, kind, seal_id, seal_hash, to_txid, sealed_count, sealed_at, outbox_id, seq, received_at, receipt)
      select 'ops.events', 'heartbeat', s.id, s.hash, s.to_txid, s.event_count, s.sealed_at, -1, ${seq}, '${w.rx.now().toISOString()}',
             encode(extensions.hmac('${seq}|${w.rx.now().toISOString()}|ops.events|' || s.id || '|' || encode(s.hash, 'hex'), 'a guessed key', 'sha256'), 'hex')
        from ops.event_seals s where s.id = ${head!.id};
      ${guardsOff} update ops.seal_anchors set seal_hash = '\\x${"ab".repeat(32)}' where seq = 1;`);
    const names = (await w.verify()).problems.map((p) => p.name);
    expect(names).toEqual(["receipt seq 1", `receipt seq ${seq}`, "anchor stream"]);
  });

  it("without a receiver, seals older than the window and rows nobody sealed are reported", async () => {
    const w = await setup("anchors_off");
    await emit(w, 3, "a");
    expect(await w.q(`select ops.seal_and_anchor() ->> 'anchoring' as a`)).toEqual([{ a: "off: no receiver configured" }]);
    const [head] = await w.q(`select max(id)::int as id from ops.event_seals`);
    await emit(w, 2, "never sealed");
    // ten minutes later, by the verifier's clock
    const r = await withClient(w.db.url, (c) => verifyAnchors(c, { key: KEY, windowSeconds: WINDOW, now: new Date(Date.now() + 10 * 60_000) }));
    expect(r.anchorsChecked).toBe(0);
    expect(r.problems.map((p) => p.name)).toEqual(["anchor stream", `ops.events seals 1..${head!.id}`, "ops.events unsealed"]);
    expect(r.problems[2]!.message).toMatch(/^2 events .* not sealed/);
  });
});

describe("ssot events verify checks the anchors with SSOT_ANCHOR_KEY", () => {
  it("intact: exit 0 with the receipts counted; an owner's rewrite with recomputed seals: exit 1 naming the seals, and only with the key", async () => {
    const w = await setup("anchors_cli");
    await emit(w, 4, "a");
    await w.cycle();
    await emit(w, 4, "b");
    await w.cycle();
    const cli = (key?: string) => runCliAsync(["events", "verify", "--database-url", w.db.url], { env: { SSOT_ANCHOR_KEY: key } });
    const ok = await cli(KEY);
    expect(ok.code, ok.out + ok.err).toBe(0);
    expect(ok.out).toContain(`${w.rx.log.length} anchor receipts checked with SSOT_ANCHOR_KEY`);

    await w.asOwner(`${guardsOff}
      update ops.events set payload = '{"i": 42}' where event_type = 'b' and payload = '{"i": 1}';
      ${recompute("ops.event_seals", "event_count", "ops.event_batch_digest(s.from_txid, s.to_txid, s.digest_scheme)")}`);
    const [second] = await w.q(`select max(id)::int as id from ops.event_seals`);
    const caught = await cli(KEY);
    expect(caught.code).toBe(1);
    expect(caught.out).toContain(`problem ops.events seal ${second!.id}: its hash differs from the one anchored`);
    // without the key the recomputed chain looks whole: the line says what was not checked
    const blind = await cli(undefined);
    expect(blind.code).toBe(0);
    expect(blind.out).toContain("anchors not checked: SSOT_ANCHOR_KEY is not set");
  });
});
