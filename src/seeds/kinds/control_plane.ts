// The control plane's seed kinds (docs/secrets-and-cron.md): bots, the secret registry (names, owners, cadence;
// never values: `ssot secret set NAME` puts those in the vault) and per-bot grants.
import { z } from "zod";
import { defineKind } from "../kind.ts";

const botId = z.string().regex(/^[a-z][a-z0-9-]{1,62}$/, "a lowercase bot id (letters, digits, dashes)");
/** The registry's name rule (control_plane.secrets_name_check): lower-case words with underscores, optionally dotted segments. */
export const secretName = z
  .string()
  .max(127, "at most 127 characters")
  .regex(/^[a-z][a-z0-9_]*([.][a-z0-9][a-z0-9_-]*)*$/, "a lowercase secret name (letters, digits, underscores; dotted segments may hold dashes)");

export const botsKind = defineKind({
  kind: "bots",
  table: "control_plane.bots",
  key: ["bot_id"],
  row: z.strictObject({
    bot_id: botId,
    display_name: z.string().min(1),
    description: z.string().default(""),
    active: z.boolean(),
  }),
});

export const secretsKind = defineKind({
  kind: "secrets",
  table: "control_plane.secrets",
  key: ["name"],
  row: z.strictObject({
    name: secretName,
    owner: z.string().min(1, "who answers for this secret (a team or a bot)"),
    cadence: z.enum(["quarterly", "annually"]),
    description: z.string().min(10, "a sentence saying what the secret is for"),
    location: z.enum(["vault", "external"]).default("vault"),
    held_by: z.string().min(3, "the system that holds an external credential").max(200).optional(),
  }).refine((r) => (r.location === "external") === (r.held_by !== undefined), {
    message: "held_by names the system holding the value: required with location: external, not allowed for a vault secret",
    path: ["held_by"],
  }),
});

export const secretGrantsKind = defineKind({
  kind: "secret_grants",
  table: "control_plane.secret_grants",
  key: ["bot_id", "secret_name"],
  row: z.strictObject({ bot_id: botId, secret_name: secretName }),
});
