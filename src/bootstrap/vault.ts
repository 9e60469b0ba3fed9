// The vault kept from the API roles: only the audited accessor reads a secret.
import { escapeIdentifier } from "pg";
import type pg from "pg";
import { execIfAllowed, existingRoles } from "./privileges.ts";

/** The roles that must not reach the vault except through the audited accessor. */
const VAULT_DENIED = ["anon", "authenticated", "service_role", "authenticator"] as const;

/** What API roles may still do on schema vault: one entry per object, with who granted it. */
async function vaultAccessLeft(c: pg.Client, roles: string[]) {
  const r = await c.query(
    `with objs as (
       select 'table' as kind, format('%I.%I', n.nspname, k.relname) as fq, k.oid, k.relacl as acl, k.relowner as owner
         from pg_catalog.pg_class k join pg_catalog.pg_namespace n on n.oid = k.relnamespace
        where n.nspname = 'vault' and k.relkind in ('r', 'p', 'v', 'm', 'f')
       union all
       select 'function', p.oid::regprocedure::text, p.oid, p.proacl, p.proowner
         from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'vault' and p.prokind in ('f', 'p'))
     select o.kind, o.fq,
            array(select r.rolname from pg_catalog.pg_roles r
                   where r.rolname = any ($1::text[])
                     and case o.kind when 'table' then pg_catalog.has_table_privilege(r.oid, o.oid, 'select, insert, update, delete, truncate, references, trigger')
                                     else pg_catalog.has_function_privilege(r.oid, o.oid, 'execute') end
                   order by r.rolname)::text[] as roles,
            coalesce((select string_agg(distinct pg_catalog.pg_get_userbyid(a.grantor), ', ')
                        from pg_catalog.aclexplode(o.acl) a where a.grantee = 0 or a.grantee in (select oid from pg_catalog.pg_roles where rolname = any ($1::text[]))),
                     pg_catalog.pg_get_userbyid(o.owner)) as grantor
       from objs o
      order by o.kind desc, o.fq collate "C"`,
    [roles],
  );
  return (r.rows as { kind: "table" | "function"; fq: string; roles: string[]; grantor: string }[]).filter((x) => x.roles.length > 0);
}

/**
 * Takes the vault away from the API roles: no USAGE on schema vault, no privilege on its tables
 * and views (vault.decrypted_secrets gives every plaintext; writes to vault.secrets change secrets
 * with no log or rotation row), no EXECUTE on its functions (_decrypt, create_secret …), for PUBLIC
 * neither. The audited accessor and the project's SECURITY DEFINER readers (owned by the migration
 * owner) are then the only way to a secret. A role can revoke only the grants it made (a
 * superuser's count as the owner's): on Supabase, supabase_admin granted service_role the vault
 * (supabase_vault's after-create script), which `postgres` cannot revoke; then this returns one line
 * with what is left and the statements to run as that role. `ssot check` fails while any is left
 * (vault_direct_access).
 */
export async function revokeVaultAccess(c: pg.Client, supabase: boolean): Promise<string | undefined> {
  const hasVault = await c.query(`select 1 from pg_catalog.pg_namespace where nspname = 'vault'`);
  if (!hasVault.rowCount) return undefined;
  const roles = await existingRoles(c, VAULT_DENIED);
  if (roles.length === 0) return undefined;
  const who = roles.map((r) => escapeIdentifier(r)).join(", ");
  const rels = (await c.query(`select format('%I.%I', n.nspname, k.relname) as fq from pg_catalog.pg_class k join pg_catalog.pg_namespace n on n.oid = k.relnamespace where n.nspname = 'vault' and k.relkind in ('r', 'p', 'v', 'm', 'f') order by k.relname collate "C"`)).rows.map((r) => r.fq as string);
  const funcs = (await c.query(`select p.oid::regprocedure::text as fq from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace where n.nspname = 'vault' and p.prokind in ('f', 'p') order by 1`)).rows.map((r) => r.fq as string);
  await execIfAllowed(c, `revoke usage on schema vault from ${who}`);
  for (const t of rels) await execIfAllowed(c, `revoke all on table ${t} from public, ${who}`);
  for (const f of funcs) await execIfAllowed(c, `revoke all on function ${f} from public, ${who}`);
  const left = await vaultAccessLeft(c, roles);
  if (left.length === 0) return undefined;
  const grantors = [...new Set(left.map((l) => l.grantor))].join(", ");
  const leftRoles = [...new Set(left.flatMap((l) => l.roles))].sort();
  const stmts = (["table", "function"] as const)
    .map((kind) => left.filter((l) => l.kind === kind))
    .filter((ls) => ls.length > 0)
    .map((ls) => `revoke all on ${ls[0]!.kind} ${ls.map((l) => l.fq).join(", ")} from public, ${leftRoles.map((r) => escapeIdentifier(r)).join(", ")}`);
  return `${leftRoles.join(", ")} can still use the vault directly (${left.map((l) => l.fq).join(", ")}), bypassing the audited accessor: only ${grantors}, which granted it, can revoke it; run as ${grantors}${supabase ? " (on Supabase: ask support)" : ""}: ${stmts.join("; ")}`;
}

