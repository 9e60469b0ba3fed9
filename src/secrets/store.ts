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

export type RotationRow = Record<"name" | "owner" | "cadence" | "last_rotated" | "due" | "state", string | null>;

/** Every registered secret with owner, cadence, last rotation, due date (UTC days) and state. */
export async function rotationsDue(c: pg.Client): Promise<RotationRow[]> {
  const r = await c.query(`select name, owner, cadence,
                        to_char(last_rotated_at at time zone 'UTC', 'YYYY-MM-DD') as last_rotated,
                        to_char(due_at at time zone 'UTC', 'YYYY-MM-DD') as due, state
                   from control_plane.rotations_due order by name`);
  return r.rows as RotationRow[];
}
