// `ssot secret set NAME` (value from stdin, never an argument: arguments end up in shell history
// and process lists) and `ssot secret list` (names and due dates, never values).
import type { Command } from "commander";
import type pg from "pg";
import { readyTarget } from "../cli/context.ts";
import { bold, info, red, UserError, yellow } from "../cli/out.ts";
import { withClient } from "../db/client.ts";

/** Reads the value: all of stdin when piped (one trailing newline dropped), a hidden prompt on a TTY. */
export async function readSecretValue(name: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
  }
  process.stderr.write(`value for ${name} (input hidden): `);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = "";
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString("utf8")) {
        if (ch === "\r" || ch === "\n") return finish(() => resolve(value));
        if (ch === "\u0003") return finish(() => reject(new UserError("cancelled", 130)));
        if (ch === "\u007f" || ch === "\b") value = value.slice(0, -1);
        else value += ch;
      }
    };
    const finish = (then: () => void) => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write("\n");
      then();
    };
    stdin.on("data", onData);
  });
}

export async function setSecret(c: pg.Client, name: string, value: string) {
  try {
    await c.query(`select control_plane.set_secret($1, $2)`, [name, value]);
  } catch (e) {
    const err = e as Error & { code?: string; hint?: string };
    if (err.code?.startsWith("SS")) throw new UserError(`${err.message}${err.hint ? ` (${err.hint})` : ""}`);
    throw e;
  }
}

export function registerSecret(program: Command) {
  const secret = program.command("secret").description("the vault and the secret registry (control_plane.secrets)");
  secret
    .command("set")
    .description("set or rotate a registered secret; the value is read from stdin (a hidden prompt on a terminal), never from an argument")
    .argument("<name>", "a secret declared in db/seeds (kind: secrets)")
    .action(async (name: string) => {
      const value = await readSecretValue(name);
      if (!value) throw new UserError(`secret ${name}: empty value on stdin (pipe it in: ssot secret set ${name} < file)`);
      const t = await readyTarget();
      await withClient(t.databaseUrl, (c) => setSecret(c, name, value));
      info(`${name}: stored in the vault`);
    });
  secret
    .command("list")
    .description("registered secrets with owner, cadence, last rotation, due date and state (never values)")
    .option("--json", "machine-readable output")
    .option("--overdue", "exit 1 when a secret is overdue or unset (for CI)")
    .action(async (opts) => {
      const t = await readyTarget();
      const rows = await withClient(t.databaseUrl, (c) =>
        c.query(`select name, owner, cadence,
                        to_char(last_rotated_at at time zone 'UTC', 'YYYY-MM-DD') as last_rotated,
                        to_char(due_at at time zone 'UTC', 'YYYY-MM-DD') as due, state
                   from control_plane.rotations_due order by name`),
      ).then((r) => r.rows as Array<Record<string, string | null>>);
      if (opts.json) info(JSON.stringify(rows));
      else {
        const w = Math.max(4, ...rows.map((r) => r.name!.length));
        info(bold(`${"name".padEnd(w)}  ${"owner".padEnd(14)}  ${"cadence".padEnd(9)}  ${"rotated".padEnd(10)}  ${"due".padEnd(10)}  state`));
        for (const r of rows) {
          const state = r.state === "overdue" ? red(r.state) : r.state === "ok" ? r.state : yellow(r.state!);
          info(`${r.name!.padEnd(w)}  ${r.owner!.padEnd(14)}  ${r.cadence!.padEnd(9)}  ${(r.last_rotated ?? "-").padEnd(10)}  ${(r.due ?? "-").padEnd(10)}  ${state}`);
        }
      }
      if (opts.overdue && rows.some((r) => r.state === "overdue" || r.state === "unset")) process.exitCode = 1;
    });
}
