// Seed kinds of the Odoo bridge: instances (odoo.instances) and the canonical programs, projects
// and tasks of odoo_seed (docs/odoo.md, "Seeds, push, pull and drift") that `ssot odoo seed` pushes to Odoo. Ids written back from
// Odoo (odoo_seed.project_odoo_ids, task_odoo_ids, per instance) are not seed columns, so reloading
// never erases them.
import { z } from "zod";
import { defineKind } from "../kind.ts";
import { secretName } from "./control_plane.ts";

const ref = z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, "an external ref of letters, digits, _ . - (e.g. FIN_CLOSE_T001)");
const email = z.email("an e-mail address (the Odoo user's login)").transform((s) => s.toLowerCase());
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "a lowercase slug, e.g. fin-close");

export const odooInstancesKind = defineKind({
  kind: "odoo_instances",
  table: "odoo.instances",
  key: ["slug"],
  row: z.strictObject({
    slug: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "a lowercase slug, e.g. odoo-prod (sent as x-ipai-instance)"),
    name: z.string().min(1),
    base_url: z.url({ protocol: /^https?$/, error: "an http(s) URL of the Odoo server" }).nullable().default(null),
    database: z.string().min(1).nullable().default(null),
    // the NAME of the vault secret (never the secret itself), registered with the instance
    webhook_secret_name: secretName,
    max_body_bytes: z.number().int().min(1).max(10485760).default(262144),
    active: z.boolean().default(true),
  }),
});

export const odooRoutesKind = defineKind({
  kind: "odoo_routes",
  table: "odoo.event_routes",
  key: ["instance_slug", "model", "event_type", "n8n_path"],
  row: z.strictObject({
    instance_slug: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "the slug of an odoo.instances row, or null for every instance").nullable().default(null),
    model: z.string().regex(/^(\*|[a-z_][a-z0-9_.]{0,99})$/, "an Odoo model name (e.g. project.task) or *"),
    event_type: z.string().regex(/^(\*|[A-Za-z0-9_.:-]{1,100})$/, "an event type (e.g. write) or *").default("*"),
    n8n_path: z
      .string()
      .regex(/^[A-Za-z0-9_-][A-Za-z0-9_./-]{0,199}$/, "an n8n webhook path, e.g. odoo-tasks (appended to n8n_base_url/webhook/)")
      .refine((p) => !p.includes(".."), "an n8n webhook path without ..")
      .refine((p) => !p.includes("//"), "an n8n webhook path without //"),
    description: z.string().nullable().default(null),
  }),
});

export const odooProgramsKind = defineKind({
  kind: "odoo_programs",
  table: "odoo_seed.programs",
  key: ["slug"],
  row: z.strictObject({
    slug,
    name: z.string().min(1),
    program_type: z.enum(["ppm", "okr", "logframe", "portfolio"]).default("ppm"),
    parent_slug: slug.nullable().default(null),
    active: z.boolean().default(true),
  }),
  validate: (rows) => {
    const slugs = new Set(rows.map((r) => r.slug));
    return rows
      .filter((r) => r.parent_slug && (!slugs.has(r.parent_slug) || r.parent_slug === r.slug))
      .map((r) => `program ${r.slug}: parent_slug ${r.parent_slug} is ${r.parent_slug === r.slug ? "itself" : "not a program in the seed files"}`);
  },
});

export const odooProjectsKind = defineKind({
  kind: "odoo_projects",
  table: "odoo_seed.projects",
  key: ["external_ref"],
  row: z.strictObject({
    external_ref: ref,
    program_slug: slug.nullable().default(null),
    name: z.string().min(1),
    company_name: z.string().min(1, "the exact name of the res.company in Odoo"),
    manager_email: email.nullable().default(null),
    visibility: z.enum(["followers", "employees", "portal", "invited_users"]).default("employees"),
    allow_dependencies: z.boolean().default(true),
    sync_enabled: z.boolean().default(true),
  }),
});

export const odooTasksKind = defineKind({
  kind: "odoo_tasks",
  table: "odoo_seed.tasks",
  key: ["external_ref"],
  row: z.strictObject({
    external_ref: ref,
    project_external_ref: ref,
    name: z.string().min(1),
    stage_name: z.string().min(1).default("To Do"),
    tag_names: z.array(z.string().min(1)).default([]),
    assignee_email: email.nullable().default(null),
    depends_on_refs: z.array(ref).default([]),
  }),
  validate: (rows) => {
    const refs = new Set(rows.map((r) => r.external_ref));
    const errors: string[] = [];
    for (const r of rows)
      for (const d of r.depends_on_refs) {
        if (d === r.external_ref) errors.push(`task ${r.external_ref}: depends on itself`);
        else if (!refs.has(d)) errors.push(`task ${r.external_ref}: depends_on_refs names ${d}, which is not a task in the seed files`);
      }
    return errors;
  },
});
