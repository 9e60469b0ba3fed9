import { describe, expect, it } from "vitest";
import { ConfigError, loadEnv, loadFeatureEnv } from "../../src/config/env.ts";
import { z } from "zod";
import { runCli } from "../../src/testrun/run-cli.ts";

describe("environment validation", () => {
  it("applies defaults", () => {
    const env = loadEnv({});
    expect(env.SSOT_PORT).toBe(54329);
    expect(env.SSOT_DB_NAME).toBe("ssot");
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it.each([
    ["SSOT_PORT", "abc", /SSOT_PORT="abc" is invalid: expected an integer port between 1024 and 65535/],
    ["SSOT_PORT", "80", /SSOT_PORT="80" is invalid/],
    ["SSOT_PORT", "70000", /SSOT_PORT="70000" is invalid/],
    ["DATABASE_URL", "mysql://x", /DATABASE_URL="mysql:\/\/x" is invalid: expected a postgres:\/\/ connection string/],
    ["SSOT_DB_NAME", "Bad-Name", /SSOT_DB_NAME="Bad-Name" is invalid: expected a lowercase PostgreSQL identifier/],
    ["SSOT_DB_DIR", "/nonexistent/db", /SSOT_DB_DIR="\/nonexistent\/db" is invalid: expected a folder holding migrations\//],
  ])("%s=%s is refused with one line naming the variable", (name, value, message) => {
    expect(() => loadEnv({ [name]: value })).toThrowError(ConfigError);
    expect(() => loadEnv({ [name]: value })).toThrowError(message);
  });

  it("names a missing feature variable", () => {
    expect(() => loadFeatureEnv({ ODOO_URL: z.string().url("an http(s) URL") }, {})).toThrowError(/ODOO_URL is not set: expected an http\(s\) URL/);
  });

  it("the CLI prints one line and exits 78 (configuration) on a bad value", () => {
    const r = runCli(["db", "url"], { inherit: true, env: { SSOT_PORT: "nope" } });
    expect(r.code).toBe(78);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toMatch(/SSOT_PORT="nope" is invalid/);
  });
});
