-- The Odoo database's roles (docs/odoo.md, "The Odoo database's roles"), applied to an Odoo
-- database (not to ssot's) by `ssot odoo-db provision --database-url …`, as a superuser
-- or the database owner with CREATEROLE.
-- Creates or fixes:
--   odoo_app     Odoo's application role: read-write on schema public (tables, sequences, and
--                CREATE for module installs); no superuser, createrole, createdb, replication,
--                bypassrls, and no membership in a role that has any of those.
--   superset_ro  Superset's role: SELECT only on public, now and for future tables (default
--                privileges for tables created by odoo_app and by the provisioning role), read-only
--                transactions, a statement timeout; any write privilege it was given is revoked.
-- Only roles and privileges change: no row of business data is read or written. Passwords are
-- not set here (set them with \password, so they never pass through SQL text or logs).
-- Each change is reported as a NOTICE starting with "change:".
do $$
declare
  timeout text := coalesce(nullif(current_setting('ssot.superset_timeout', true), ''), '30s');
  r record;
  m record;
  n integer;
begin
  -- roles and attributes
  for r in select x.name from (values ('odoo_app'), ('superset_ro')) x (name) loop
    if not exists (select from pg_catalog.pg_roles where rolname = r.name) then
      execute format('create role %I login nosuperuser nocreaterole nocreatedb noreplication nobypassrls', r.name);
      raise notice 'change: created role %', r.name;
    elsif exists (select from pg_catalog.pg_roles where rolname = r.name
                   and (rolsuper or rolcreaterole or rolcreatedb or rolreplication or rolbypassrls or not rolcanlogin)) then
      execute format('alter role %I login nosuperuser nocreaterole nocreatedb noreplication nobypassrls', r.name);
      raise notice 'change: reset attributes of % to login nosuperuser nocreaterole nocreatedb noreplication nobypassrls', r.name;
    end if;
    -- membership in a powerful role would hand its powers back through SET ROLE
    for m in select r.name as member, g.rolname as grp
               from pg_catalog.pg_auth_members am
               join pg_catalog.pg_roles g on g.oid = am.roleid
               join pg_catalog.pg_roles u on u.oid = am.member
              where u.rolname = r.name and (g.rolsuper or g.rolcreaterole or g.rolcreatedb or g.rolreplication or g.rolbypassrls) loop
      execute format('revoke %I from %I', m.grp, m.member);
      raise notice 'change: revoked membership of % in %', m.member, m.grp;
    end loop;
  end loop;

  if not exists (select from pg_catalog.pg_db_role_setting s join pg_catalog.pg_roles u on u.oid = s.setrole
                  where u.rolname = 'superset_ro' and s.setdatabase = 0
                    and s.setconfig @> array['statement_timeout=' || timeout, 'default_transaction_read_only=on']) then
    execute format('alter role superset_ro set statement_timeout = %L', timeout);
    alter role superset_ro set default_transaction_read_only = on;
    raise notice 'change: superset_ro statement_timeout = %, default_transaction_read_only = on', timeout;
  end if;

  -- odoo_app: read-write on public
  select count(*) into n from pg_catalog.pg_class c
   where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f')
     and not (pg_catalog.has_table_privilege('odoo_app', c.oid, 'select, insert, update, delete'));
  if n > 0 then raise notice 'change: odoo_app granted read-write on % relations', n; end if;
  execute format('grant connect, temporary on database %I to odoo_app', current_database());
  execute format('grant connect on database %I to superset_ro', current_database());
  grant usage, create on schema public to odoo_app;
  grant select, insert, update, delete, truncate, references, trigger on all tables in schema public to odoo_app;
  grant usage, select, update on all sequences in schema public to odoo_app;
  alter default privileges in schema public grant select, insert, update, delete, truncate, references, trigger on tables to odoo_app;
  alter default privileges in schema public grant usage, select, update on sequences to odoo_app;

  -- superset_ro: SELECT only on public, now and later
  select count(*) into n from pg_catalog.pg_class c
   where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f')
     and pg_catalog.has_table_privilege('superset_ro', c.oid, 'insert, update, delete, truncate, references, trigger');
  if n > 0 then raise notice 'change: revoked write privileges of superset_ro on % relations', n; end if;
  select count(*) into n from pg_catalog.pg_class c
   where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f')
     and not pg_catalog.has_table_privilege('superset_ro', c.oid, 'select');
  if n > 0 then raise notice 'change: superset_ro granted SELECT on % relations', n; end if;
  if pg_catalog.has_schema_privilege('superset_ro', 'public', 'create') then
    revoke create on schema public from public;
    raise notice 'change: revoked CREATE on schema public from superset_ro (and PUBLIC)';
  end if;
  revoke create on schema public from superset_ro;
  grant usage on schema public to superset_ro;
  revoke insert, update, delete, truncate, references, trigger on all tables in schema public from superset_ro;
  revoke usage, update on all sequences in schema public from superset_ro;
  grant select on all tables in schema public to superset_ro;
  grant select on all sequences in schema public to superset_ro;
  alter default privileges for role odoo_app in schema public grant select on tables to superset_ro;
  alter default privileges for role odoo_app in schema public grant select on sequences to superset_ro;
  alter default privileges in schema public grant select on tables to superset_ro;
end
$$;
