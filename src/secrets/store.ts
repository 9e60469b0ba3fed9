// The secret registry as the CLI uses it: what a value may be, storing one, and the rotation
// state of every registered secret (never a value).
import type pg from "pg";
import { UsageError } from "../cli/out.ts";

/**
 * The value as it will be stored, or a UsageError naming the secret (never the value): bytes that
 * are not UTF-8 are refused, not replaced by U+FFFD; one trailing newline (what `echo` adds) is
 * dropped; an empty or whitespace-only value, or one with a NUL byte, is refused.
 */
export function secretValueFrom(name: string, bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`secret ${name}: the value is not valid UTF-8 (nothing stored)`);
  }
  const value = text.replace(/\r?\n$/, "");
  if (value === "") throw new UsageError(`secret ${name}: empty value (nothing stored; pipe it in: printf %s "$VALUE" | ssot secret set ${name})`);
  if (value.trim() === "") throw new UsageError(`secret ${name}: the value is only whitespace (nothing stored)`);
  if (value.includes("\0")) throw new UsageError(`secret ${name}: the value contains a NUL byte (nothing stored)`);
  return value;
}

/** Sets or rotates a registered secret (control_plane.set_secret); refusals carry SQLSTATEs SSnnn. */
export async function setSecret(c: pg.Client, name: string, value: string) {
  await c.query(`select control_plane.set_secret($1, $2)`, [name, value]);
}

export type RotationRow = Record<
  "name" | "owner" | "cadence" | "last_rotated" | "due" | "state" | "location" | "held_by" | "exposed_reason" | "last_used",
  string | null
>;

/**
 * Every registered credential with owner, cadence, last rotation, due date (UTC days), state
 * (exposed, unset, overdue, due, ok), where it lives, and its last use (vault secrets).
 */
export async function rotationsDue(c: pg.Client): Promise<RotationRow[]> {
  const r = await c.query(`select r.name, r.owner, r.cadence,
                        to_char(r.last_rotated_at at time zone 'UTC', 'YYYY-MM-DD') as last_rotated,
                        to_char(r.due_at at time zone 'UTC', 'YYYY-MM-DD') as due, r.state, r.location, r.held_by, r.exposed_reason,
                        to_char(u.last_used_at at time zone 'UTC', 'YYYY-MM-DD') as last_used
                   from control_plane.rotations_due r join control_plane.secret_use u on u.name = r.name
                  order by r.name`);
  return r.rows as RotationRow[];
}

/** Marks a credential exposed (the RPC control_plane_mark_secret_exposed); returns when it was first marked. */
export async function markExposed(c: pg.Client, name: string, reason: string): Promise<Date> {
  const r = await c.query(`select public.control_plane_mark_secret_exposed($1, $2) as at`, [name, reason]);
  return r.rows[0].at as Date;
}

/** Records the rotation of an external credential (control_plane.record_rotation). */
export async function recordRotation(c: pg.Client, name: string, note?: string) {
  await c.query(`select control_plane.record_rotation($1, $2)`, [name, note ?? null]);
}

/**
 * A credential's value from the vault through the audited accessor (control_plane.secret_value,
 * logged as a dispatch by `accessor`), or null when it is not registered or has no value (then
 * nothing is read and nothing logged).
 */
export async function vaultCredential(c: pg.Client, name: string, accessor = "ssot-cli"): Promise<string | null> {
  const has = await c.query(`select 1 from control_plane.secrets where name = $1 and location = 'vault' and vault_secret_id is not null`, [name]);
  if (has.rowCount === 0) return null;
  const r = await c.query(`select control_plane.secret_value($1, $2) as v`, [name, accessor]);
  return r.rows[0].v as string;
}
