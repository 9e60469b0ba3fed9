// The roles part of `ssot odoo-db audit`: odoo_app and superset_ro as the catalog has them, held
// against what `ssot odoo-db provision` sets (db/odoo-db/roles.sql). Reads the catalog only.
import type pg from "pg";
import type { Finding } from "./audit.ts";

export const ODOO_ROLES = ["odoo_app", "superset_ro"] as const;

// memberships are walked in pg_auth_members (pg_has_role says a superuser is a member of every role)
/** Predefined roles that hand out what provision keeps from both roles (server files, programs, every table). */
const POWERFUL_PREDEFINED = ["pg_execute_server_program", "pg_read_server_files", "pg_write_server_files", "pg_write_all_data"];

interface RoleRow {
  name: string;
  exists: boolean;
  rolsuper: boolean;
  others: string[];
  canlogin: boolean;
  powerful: { name: string; super: boolean }[];
  settings: string[];
}

const ROLES_SQL = `
  select x.name, r.oid is not null as exists, coalesce(r.rolsuper, false) as rolsuper, coalesce(r.rolcanlogin, false) as canlogin,
         array_remove(array[case when r.rolcreaterole then 'createrole' end, case when r.rolcreatedb then 'createdb' end,
                             case when r.rolreplication then 'replication' end, case when r.rolbypassrls then 'bypassrls' end], null) as others,
         coalesce((select pg_catalog.json_agg(pg_catalog.json_build_object('name', g.rolname, 'super', g.rolsuper) order by g.rolname)
                     from pg_catalog.pg_roles g
                    where g.oid in (with recursive up (oid) as (
                                        select am.roleid from pg_catalog.pg_auth_members am where am.member = r.oid
                                        union select am.roleid from pg_catalog.pg_auth_members am join up on am.member = up.oid)
                                      select up.oid from up)
                      and (g.rolsuper or g.rolcreaterole or g.rolcreatedb or g.rolreplication or g.rolbypassrls or g.rolname = any ($2::text[]))), '[]') as powerful,
         coalesce((select s.setconfig from pg_catalog.pg_db_role_setting s where s.setrole = r.oid and s.setdatabase = 0), '{}') as settings
    from unnest($1::text[]) with ordinality x (name, i)
    left join pg_catalog.pg_roles r on r.rolname = x.name
   order by x.i`;

/** Public relations (tables, views, …) a role holds any of `privs` on, or lacks one of them on (`lacking`). */
const PRIVS_SQL = (lacking: boolean) => `
  select c.relname::text as name
    from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
   where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f')
     and ${lacking ? "not (select bool_and(pg_catalog.has_table_privilege($1, c.oid, p)) from unnest($2::text[]) p)"
                   : "(select bool_or(pg_catalog.has_table_privilege($1, c.oid, p)) from unnest($2::text[]) p)"}
   order by 1`;

const sample = (names: string[]) => names.slice(0, 5).join(", ") + (names.length > 5 ? `, … (${names.length} in all)` : "");

/** Attributes and memberships of one role against provision's. */
function attributeFindings(r: RoleRow): Finding[] {
  const out: Finding[] = [];
  if (!r.exists) {
    out.push(r.name === "odoo_app"
      ? { severity: "High", check: "roles", subject: r.name, message: "missing: Odoo has no role of its own (seed 003 §2.1: it must not connect as doadmin); run ssot odoo-db provision" }
      : { severity: "Medium", check: "roles", subject: r.name, message: "missing: Superset has no read-only role; run ssot odoo-db provision" });
    return out;
  }
  if (r.rolsuper) out.push({ severity: "Critical", check: "roles", subject: r.name, message: "is a superuser (provision sets nosuperuser)" });
  if (r.others.length) out.push({ severity: "High", check: "roles", subject: r.name, message: `has ${r.others.join(", ")} (provision sets none of them)` });
  if (!r.canlogin) out.push({ severity: "Medium", check: "roles", subject: r.name, message: "cannot log in (provision sets login)" });
  for (const g of r.powerful)
    out.push({ severity: g.super ? "Critical" : "High", check: "roles", subject: r.name, message: `is a member of ${g.name}, which ${g.super ? "is a superuser" : "holds powers provision keeps from it"} (SET ROLE hands them back)` });
  if (r.name === "superset_ro") {
    const missing = ["default_transaction_read_only=on"].filter((s) => !r.settings.includes(s));
    if (!r.settings.some((s) => s.startsWith("statement_timeout="))) missing.push("statement_timeout");
    if (missing.length) out.push({ severity: "Medium", check: "roles", subject: r.name, message: `lacks the setting${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (provision sets them)` });
  }
  return out;
}

/** Table privileges against provision's: superset_ro writing anything, odoo_app unable to read-write. */
async function privilegeFindings(c: pg.Client, r: RoleRow): Promise<Finding[]> {
  if (!r.exists) return [];
  if (r.name === "superset_ro") {
    const out: Finding[] = [];
    const writable = (await c.query(PRIVS_SQL(false), [r.name, ["insert", "update", "delete", "truncate", "references", "trigger"]])).rows.map((x) => x.name as string);
    if (writable.length) out.push({ severity: "High", check: "roles", subject: r.name, message: `holds write privileges on ${writable.length} public relation${writable.length > 1 ? "s" : ""}: ${sample(writable)} (it must only SELECT)` });
    const create = (await c.query(`select pg_catalog.has_schema_privilege($1, n.oid, 'create') as c from pg_catalog.pg_namespace n where n.nspname = 'public'`, [r.name])).rows[0]?.c;
    if (create) out.push({ severity: "High", check: "roles", subject: r.name, message: "may CREATE in schema public (it must only SELECT)" });
    return out;
  }
  const lacking = (await c.query(PRIVS_SQL(true), [r.name, ["select", "insert", "update", "delete"]])).rows.map((x) => x.name as string);
  return lacking.length
    ? [{ severity: "Medium", check: "roles", subject: r.name, message: `cannot read and write ${lacking.length} public relation${lacking.length > 1 ? "s" : ""}: ${sample(lacking)} (run ssot odoo-db provision)` }]
    : [];
}

/** Every finding about odoo_app and superset_ro. */
export async function roleFindings(c: pg.Client): Promise<Finding[]> {
  const rows = (await c.query(ROLES_SQL, [ODOO_ROLES, POWERFUL_PREDEFINED])).rows as RoleRow[];
  const out: Finding[] = [];
  for (const r of rows) out.push(...attributeFindings(r), ...(await privilegeFindings(c, r)));
  return out;
}
