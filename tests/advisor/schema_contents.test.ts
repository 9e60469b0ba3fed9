// Mutation tests for the doctrine schemas: ai, audit and analytics hold what the seeds define, and
// `ssot check` exits 1 (schema_contents, naming the object) when a registered schema or one of its
// core relations (db/seeds/10_schemas.yaml, core_relations) is gone; putting it back makes it exit 0.
// A rename stands for the drop so that the repair restores the very same objects.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../src/db/client.ts";
import { createTestDatabase, type TestDatabase } from "../../src/testrun/cluster.ts";
import { runCli } from "../../src/testrun/run-cli.ts";

function check(url: string, ...extra: string[]) {
  const r = runCli(["check", "--database-url", url, ...extra], { inherit: true });
  return { status: r.code, out: r.out, err: r.err };
}

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase("schema_contents");
});
afterAll(async () => {
  await db?.drop();
});

const sql = (q: string) => withClient(db.url, (c) => c.query(q));

// the renamed schema is ours and unregistered, so schema_registered names it as well
const mutations: { name: string; make: string; undo: string; failures: string[] }[] = [
  {
    name: "schema ai gone",
    make: "alter schema ai rename to m_ai_gone",
    undo: "alter schema m_ai_gone rename to ai",
    failures: ["schema_contents ai", "schema_registered m_ai_gone"],
  },
  { name: "schema audit gone", make: "alter schema audit rename to m_audit_gone", undo: "alter schema m_audit_gone rename to audit", failures: ["schema_contents audit", "schema_registered m_audit_gone"] },
  {
    name: "schema analytics gone",
    make: "alter schema analytics rename to m_analytics_gone",
    undo: "alter schema m_analytics_gone rename to analytics",
    // Superset's reader keeps its grants on the renamed relations: outside analytics, so superset_reader names each
    failures: ["schema_contents analytics", "schema_registered m_analytics_gone",
      ...["audit_findings_open", "deployments_daily", "job_runs_daily", "kpi_values", "webhook_events_daily"].map((r) => `superset_reader m_analytics_gone.${r}`)],
  },
  { name: "ai.agent_memories gone", make: "alter table ai.agent_memories rename to m_gone", undo: "alter table ai.m_gone rename to agent_memories", failures: ["schema_contents ai.agent_memories"] },
  { name: "ai.outputs gone", make: "alter table ai.outputs rename to m_gone", undo: "alter table ai.m_gone rename to outputs", failures: ["schema_contents ai.outputs"] },
  { name: "audit.findings gone", make: "alter table audit.findings rename to m_gone", undo: "alter table audit.m_gone rename to findings", failures: ["schema_contents audit.findings"] },
  { name: "analytics.kpi_values gone", make: "alter table analytics.kpi_values rename to m_gone", undo: "alter table analytics.m_gone rename to kpi_values", failures: ["schema_contents analytics.kpi_values"] },
  {
    name: "the read model analytics.deployments_daily gone",
    make: "alter view analytics.deployments_daily rename to m_gone",
    undo: "alter view analytics.m_gone rename to deployments_daily",
    failures: ["schema_contents analytics.deployments_daily"],
  },
  { name: "ops.job_runs gone", make: "alter table ops.job_runs rename to m_gone", undo: "alter table ops.m_gone rename to job_runs", failures: ["schema_contents ops.job_runs"] },
];

describe("ssot check: the doctrine schemas hold their core relations", () => {
  it("exits 0 on the migrated database", () => {
    const r = check(db.url);
    expect(r.out).toMatch(/the doctrine holds/);
    expect(r.status).toBe(0);
  });

  for (const m of mutations) {
    it(`catches ${m.name}, and is clean again once it is back`, async () => {
      await sql(m.make);
      try {
        const bad = check(db.url, "--json");
        expect(bad.status).toBe(1);
        const report = JSON.parse(bad.out) as { ok: boolean; failures: { check_name: string; object: string; fix: string }[] };
        expect(report.ok).toBe(false);
        // the functions reading what is gone fail plpgsql_check as well (tests/advisor/plpgsql_check.test.ts)
        const named = report.failures.filter((f) => f.check_name !== "plpgsql_check").map((f) => `${f.check_name} ${f.object}`);
        expect(named.sort()).toEqual([...m.failures].sort());
        expect(report.failures.every((f) => f.fix !== "")).toBe(true);
      } finally {
        await sql(m.undo);
      }
      expect(check(db.url).status).toBe(0);
    });
  }
});
