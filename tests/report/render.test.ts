// The pieces of `ssot report` that need no database: escaping, and the doctrine rules read from
// advisor.assert_doctrine()'s source (here the file's; the report reads the live function's).
import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { projectRoot } from "../../src/cluster/paths.ts";
import { parseAssertions } from "../../src/report/doctrine.ts";
import { esc } from "../../src/report/html.ts";
import { barChart, timeline } from "../../src/report/svg.ts";

it("escapes text and attribute values", () => {
  expect(esc(`<script>alert("x")</script> & 'y'`)).toBe("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;");
  expect(esc(null)).toBe("");
});

it("escapes labels and tooltips in the charts", () => {
  const svg = barChart("b", [{ label: `<img src=x onerror=alert(1)>`, value: 3 }]) +
    timeline("t", [{ label: `"><script>`, note: "<b>", noteBad: true, runs: [{ at: 5, ok: false, tip: "</title><script>" }] }], 0, 10, []);
  expect(svg).not.toMatch(/<script|<img|<b>|<\/title><script/);
  expect(svg).toContain("&lt;img src=x onerror=alert(1)&gt;");
});

it("reads every assertion of advisor.assert_doctrine() with the comment that describes it", () => {
  const src = fs.readFileSync(path.join(projectRoot, "db/functions/advisor/doctrine/assert_doctrine.sql"), "utf8");
  const rules = parseAssertions(src);
  const names = rules.map((r) => r.name);
  // the checks docs/governance.md lists, in the function's order, each once
  for (const n of ["schema_registered", "rls_enabled", "policy_present", "definer_execute", "events_append_only", "append_only", "temp_not_granted",
    "credential_in_sql", "doctrine_lint", "superset_reader"]) expect(names.filter((x) => x === n)).toEqual([n]);
  expect(names.indexOf("rls_enabled")).toBeLessThan(names.indexOf("superset_reader"));
  expect(names).toContain("rls_enabled");
  expect(rules.find((r) => r.name === "rls_enabled")?.description).toMatch(/^RLS enabled on every table/);
  expect(rules.find((r) => r.name === "definer_execute")?.description).toMatch(/not executable by PUBLIC/);
  expect(rules.filter((r) => r.description === "")).toEqual([]);
});
