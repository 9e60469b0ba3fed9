// End to end: an enabled n8n cron job's function queues a signed request through the outbox; the
// net worker delivers it to a local receiver standing in for n8n, which verifies the signature.
// A receiver answering 500, or answering too slowly, leads to retries and a recorded failure.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../src/db/client.ts";
import { NetWorker } from "../../src/net/worker.ts";
import { createTestDatabase, type TestDatabase } from "../../src/testrun/cluster.ts";
import { startReceiver, verifySignature, type Receiver } from "../support/receiver.ts";

const signingKey = "whsec-test-4b1d9c7e2a";
let db: TestDatabase;

const q = (sql: string, params: unknown[] = []) => withClient(db.url, (c) => c.query(sql, params));

async function declareJob(name: string, schedule: string) {
  await q(`select ops.cron_declare($1, $2, 'test', format('select ops.cron_n8n(%L)', $1::text), 'test job')`, [name, schedule]);
}

/** Runs worker cycles until the outbox row is settled (delivered or dead), at most `max` cycles. */
async function drive(id: string, max = 50) {
  const w = new NetWorker({ url: db.url });
  for (let i = 0; i < max; i++) {
    await w.once();
    const s = (await q(`select status from ops.outbox where id = $1`, [id])).rows[0].status;
    if (s === "delivered" || s === "dead") return s as string;
  }
  return "unsettled";
}

beforeAll(async () => {
  db = await createTestDatabase("e2e");
  await q(`select control_plane.set_secret('n8n_webhook_signing_secret', $1)`, [signingKey]);
});
afterAll(async () => {
  await db?.drop();
});

describe("n8n cron job through outbox and net worker", () => {
  let rx: Receiver;
  afterAll(() => rx?.close());

  it("an enabled job's call arrives signed and the outbox row is delivered", async () => {
    rx = await startReceiver({ secret: signingKey });
    await q(`select control_plane.set_secret('n8n_bir_compliance_alerts_url', $1)`, [`${rx.url}/webhook/bir`]);
    // this clone has no pg_cron: declare the job here as db/cron does (the registry row is the declaration)
    await declareJob("bir-compliance-alerts", "0 0 * * *");
    await q(`select ops.cron_set_enabled('bir-compliance-alerts', true)`);
    const id = (await q(`select ops.cron_n8n('bir-compliance-alerts')::text as id`)).rows[0].id;
    expect(await drive(id)).toBe("delivered");
    expect(rx.received).toHaveLength(1);
    const got = rx.received[0]!;
    expect(got.path).toBe("/webhook/bir");
    expect(got.signatureValid).toBe(true);
    expect(JSON.parse(got.body)).toMatchObject({ event_type: "cron.bir_compliance_alerts", job: "bir-compliance-alerts", schedule_manila: "test" });
    expect(got.headers["x-ssot-outbox-id"]).toBe(id);
    // a tampered body would not verify
    expect(verifySignature(signingKey, got.headers["x-ipai-timestamp"] as string, got.body + " ", got.headers["x-ipai-signature"] as string)).toBe(false);
    const row = (await q(`select status, attempts, last_status_code from ops.outbox where id = $1`, [id])).rows[0];
    expect(row).toEqual({ status: "delivered", attempts: 1, last_status_code: 200 });
  });

  it("a receiver answering 500 gets retries, then a recorded failure", async () => {
    const failing = await startReceiver({ secret: signingKey, respond: () => ({ status: 500 }) });
    try {
      await q(`select control_plane.set_secret('n8n_ppm_reminders_url', $1)`, [`${failing.url}/webhook/ppm`]);
      await declareJob("ppm-reminders", "0 1 * * 1");
      const id = (await q(`select ops.cron_n8n('ppm-reminders')::text as id`)).rows[0].id;
      await q(`update ops.outbox set backoff_base = '0', max_attempts = 3 where id = $1`, [id]);
      expect(await drive(id)).toBe("dead");
      expect(failing.received).toHaveLength(3);
      expect(failing.received.every((r) => r.signatureValid)).toBe(true);
      expect(failing.received.map((r) => r.headers["x-ssot-attempt"])).toEqual(["1", "2", "3"]);
      const attempts = (await q(`select attempt, status_code, outcome from ops.outbox_attempts where outbox_id = $1 order by attempt`, [id])).rows;
      expect(attempts).toEqual([
        { attempt: 1, status_code: 500, outcome: "retry" },
        { attempt: 2, status_code: 500, outcome: "retry" },
        { attempt: 3, status_code: 500, outcome: "dead" },
      ]);
      const lint = (await q(`select level from advisor.lint_outbox_backlog where metadata ->> 'topic' = 'n8n.ppm-reminders'`)).rows;
      expect(lint).toEqual([{ level: "ERROR" }]);
    } finally {
      await failing.close();
    }
  });

  it("a receiver answering too slowly times out, is retried, then recorded as failed", async () => {
    const slow = await startReceiver({ secret: signingKey, respond: () => ({ status: 200, delayMs: 2000 }) });
    try {
      await q(`select control_plane.set_secret('n8n_health_check_url', $1)`, [`${slow.url}/webhook/health`]);
      await declareJob("health-check", "*/15 * * * *");
      const id = (await q(`select ops.cron_n8n('health-check')::text as id`)).rows[0].id;
      await q(`update ops.outbox set backoff_base = '0', max_attempts = 2, timeout_milliseconds = 150 where id = $1`, [id]);
      expect(await drive(id)).toBe("dead");
      expect(Object.keys(JSON.parse(slow.received[0]!.body).health).sort()).toEqual(
        ["outbox_dead_24h", "outbox_pending", "rotations_overdue", "secret_refusals_15m", "server_started_at"]);
      const row = (await q(`select attempts, last_error from ops.outbox where id = $1`, [id])).rows[0];
      expect(row.attempts).toBe(2);
      expect(row.last_error).toMatch(/^Timeout of 150 ms reached/);
      const timedOut = (await q(`select bool_and(timed_out) as t, count(*)::int as n from ops.outbox_attempts where outbox_id = $1`, [id])).rows[0];
      expect(timedOut).toEqual({ t: true, n: 2 });
    } finally {
      await slow.close();
    }
  });
});
