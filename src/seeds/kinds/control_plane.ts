// The control plane's seed kinds (docs/secrets-and-cron.md): bots, the secret registry (names, owners, cadence;
// never values: `ssot secret set NAME` puts those in the vault) and per-bot grants.
import { z } from "zod";
import { defineKind } from "../kind.ts";

const botId = z.string().regex(/^[a-z][a-z0-9-]{1,62}$/, "a lowercase bot id (letters, digits, dashes)");
const secretName = z.string().regex(/^[a-z][a-z0-9_]{1,126}$/, "a lowercase secret name (letters, digits, underscores)");

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
  }),
});

export const secretGrantsKind = defineKind({
  kind: "secret_grants",
  table: "control_plane.secret_grants",
  key: ["bot_id", "secret_name"],
  row: z.strictObject({ bot_id: botId, secret_name: secretName }),
});
