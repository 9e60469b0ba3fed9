// scripts/provision.sh: a no-op where everything is installed; where it cannot install, it says
// exactly what is missing and how to get it, and exits non-zero.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const script = "scripts/provision.sh";

describe("provisioning", () => {
  it("a second run does nothing and says nothing", () => {
    const r = spawnSync("bash", [script], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout + r.stderr).toBe("");
  });

  it("--check reports that everything is installed", () => {
    const r = spawnSync("bash", [script, "--check"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/everything is installed/);
  });

  it("--check names every missing piece for another PostgreSQL major, and exits 1", () => {
    const r = spawnSync("bash", [script, "--check"], { encoding: "utf8", env: { ...process.env, SSOT_PG_MAJOR: "99" } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/missing: postgresql-99 postgresql-99-cron postgresql-99-pgtap .*postgresql-server-dev-99 postgresql-99-plpgsql-check pgvector/);
    expect(r.stderr).toMatch(/docker compose up -d/);
  });

  it("as a user who cannot install, it explains and exits 1 without trying", () => {
    const r = spawnSync("runuser", ["-u", "nobody", "--", "bash", script], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, SSOT_PG_MAJOR: "99", SSOT_PROVISION_CACHE: "/tmp/ssot-provision-nobody" },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/not root: cannot install/);
    expect(r.stderr).toMatch(/sudo bash scripts\/provision\.sh/);
    expect(r.stderr).not.toMatch(/apt-get update$/m);
  });
});
