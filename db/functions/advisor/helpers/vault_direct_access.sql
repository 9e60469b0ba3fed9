-- advisor.vault_direct_access: every privilege an API role (anon, authenticated, service_role,
-- authenticator) holds on an object of schema vault, directly or through PUBLIC: a table or view
-- (vault.decrypted_secrets gives every secret's plaintext; writes to vault.secrets change or delete
-- secrets with no log or rotation row) or a function (vault._decrypt / _crypto_aead_det_decrypt
-- decrypt anything, create_secret / update_secret write). The audited accessor
-- (public.control_plane_request_secret + control_plane_redeem_secret) and the project's SECURITY DEFINER readers are the only
-- way an API role reaches a secret. `revoker` is who can revoke the grant: its grantor (the object's
-- owner for a grant made by a superuser); on Supabase that is supabase_admin, which `postgres`
-- cannot act as. Empty when no API role can touch the vault.
create or replace function advisor.vault_direct_access()
returns table (role_name text, object text, privileges text, revoker text, fix text)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  with roles(rolname) as (values ('anon'::name), ('authenticated'::name), ('service_role'::name), ('authenticator'::name)),
  objs as (
    select c.oid, 'table'::text as kind, format('%I.%I', n.nspname, c.relname) as fq, c.relacl as acl, c.relowner as owner,
           'SELECT,INSERT,UPDATE,DELETE,TRUNCATE,REFERENCES,TRIGGER' as privs
      from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'vault' and c.relkind in ('r', 'p', 'v', 'm', 'f')
    union all
    select p.oid, 'function', p.oid::regprocedure::text, p.proacl, p.proowner, 'EXECUTE'
      from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
     where n.nspname = 'vault' and p.prokind in ('f', 'p')
  ),
  held as (
    select r.rolname, r.oid as roleid, o.*,
           (select string_agg(x, ',' order by x) from unnest(string_to_array(o.privs, ',')) x
             where case o.kind when 'table' then pg_catalog.has_table_privilege(r.oid, o.oid, x)
                               else pg_catalog.has_function_privilege(r.oid, o.oid, x) end) as got
      from roles rr join pg_catalog.pg_roles r on r.rolname = rr.rolname cross join objs o
  )
  select h.rolname::text, h.fq, h.got,
         coalesce((select string_agg(distinct pg_catalog.pg_get_userbyid(a.grantor), ', ')
                     from pg_catalog.aclexplode(coalesce(h.acl, case h.kind when 'table' then pg_catalog.acldefault('r', h.owner) else pg_catalog.acldefault('f', h.owner) end)) a
                    where a.grantee in (h.roleid, 0)),
                  pg_catalog.pg_get_userbyid(h.owner)),
         format('revoke all on %s %s from %s', case h.kind when 'table' then 'table' else 'function' end, h.fq,
                case when h.kind = 'function' then 'public, ' else '' end || quote_ident(h.rolname))
    from held h
   where h.got is not null
   order by 2, 1
$$;
comment on function advisor.vault_direct_access() is 'Privileges an API role holds on an object of schema vault (tables, views, functions), with who can revoke them and how; empty when the audited accessor is the only way to a secret.';
revoke execute on function advisor.vault_direct_access() from public;
