-- advisor.assert_doctrine: the doctrine assertions, driven by the catalog so that a new table,
-- view, function or grant is covered without editing a list. One row per violation; no rows means
-- clean. The pgTAP suite (db/tests/advisor/doctrine.sql) and `ssot check` both run this.
create or replace function advisor.assert_doctrine()
returns table (check_name text, object text, problem text, fix text)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  with
  api_roles(rolname) as (values ('anon'::name), ('authenticated'::name), ('service_role'::name)),
  reg as (select s.name, s.exposed, s.rls_required, s.api_usage from catalog.schemas s),
  ours as (
    select n.oid, n.nspname from pg_catalog.pg_namespace n
    where advisor.is_ours(n.nspname)
      and not exists (select from pg_catalog.pg_depend d where d.classid = 'pg_catalog.pg_namespace'::regclass and d.objid = n.oid and d.deptype = 'e')
  ),
  tabs as (
    select c.oid, n.nspname, c.relname, c.relkind, c.relrowsecurity, c.reloptions,
           format('%I.%I', n.nspname, c.relname) as fq
    from pg_catalog.pg_class c join ours n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p', 'v', 'm', 'f')
      and not exists (select from pg_catalog.pg_depend d where d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
  ),
  grants as (
    select t.oid, t.fq, t.nspname, r.rolname, t.relkind
    from tabs t cross join api_roles r
    where pg_catalog.has_table_privilege(r.rolname, t.oid, 'select, insert, update, delete')
  )
  -- 1. every schema of ours is in the registry
  select 'schema_registered', n.nspname::text,
         'schema is not in the doctrine registry (catalog.schemas)',
         'add it to db/seeds/10_schemas.yaml with its owner, exposed and rls_required'
  from ours n where not exists (select from reg where reg.name = n.nspname)
  union all
  -- 2. RLS enabled on every table of a schema that requires it (unregistered schemas too)
  select 'rls_enabled', t.fq, 'row level security is disabled',
         format('alter table %s enable row level security; then add explicit policies', t.fq)
  from tabs t left join reg on reg.name = t.nspname
  where t.relkind in ('r', 'p') and not t.relrowsecurity and coalesce(reg.rls_required, true)
  union all
  -- 3. a table granted to anon/authenticated has a policy that applies to that role
  select 'policy_present', g.fq,
         format('granted to %s but no policy applies to %s', g.rolname, g.rolname),
         format('create policy … on %s to %s using (…), or revoke all on %s from %s', g.fq, g.rolname, g.fq, g.rolname)
  from grants g
  where g.rolname <> 'service_role' and g.relkind in ('r', 'p')
    and not exists (
      select from pg_catalog.pg_policy p
      where p.polrelid = g.oid
        and (0::oid = any (p.polroles) or (select r.oid from pg_catalog.pg_roles r where r.rolname = g.rolname) = any (p.polroles)))
  union all
  -- 4. policies on a table whose RLS is off do nothing
  select distinct 'policy_without_rls', t.fq, 'the table has policies but row level security is disabled',
         format('alter table %s enable row level security', t.fq)
  from tabs t join pg_catalog.pg_policy p on p.polrelid = t.oid
  where not t.relrowsecurity
  union all
  -- 5. no API role reaches a schema that is not exposed, except one the registry marks api_usage
  --    (it holds only the SECURITY DEFINER bodies of RPCs: see check 11)
  select 'schema_not_exposed', format('%I', n.nspname),
         format('%s has USAGE on a schema that is not exposed', r.rolname),
         format('revoke usage on schema %I from %s; reach it through an RPC in public (whose SECURITY DEFINER body lives in a schema marked api_usage, such as private)', n.nspname, r.rolname)
  from ours n cross join api_roles r
  where pg_catalog.has_schema_privilege(r.rolname, n.oid, 'usage')
    and not exists (select from reg where reg.name = n.nspname and (reg.exposed or reg.api_usage))
  union all
  -- 6. the exposed list matches reality: exposed schemas are usable by the API roles …
  select 'exposed_schema_usable', format('%I', reg.name),
         format('the registry exposes this schema but %s has no USAGE on it', r.rolname),
         format('grant usage on schema %I to %s (or mark it exposed: false in db/seeds/10_schemas.yaml)', reg.name, r.rolname)
  from reg cross join api_roles r
  where reg.exposed and exists (select from pg_catalog.pg_namespace n where n.nspname = reg.name)
    and not pg_catalog.has_schema_privilege(r.rolname, reg.name, 'usage')
  union all
  -- … and PostgREST's db-schemas, where set on the authenticator role, lists exactly them
  select 'pgrst_db_schemas', 'authenticator',
         format('pgrst.db_schemas is %s but the registry exposes %s', cfg.v, array_to_string(advisor.exposed_schemas(), ', ')),
         'make PostgREST''s db-schemas equal to the exposed schemas of db/seeds/10_schemas.yaml'
  from (
    select split_part(x, '=', 2) as v
    from pg_catalog.pg_db_role_setting s
    join pg_catalog.pg_roles r on r.oid = s.setrole and r.rolname = 'authenticator'
    cross join lateral unnest(s.setconfig) x
    where x like 'pgrst.db_schemas=%'
  ) cfg
  where (select array_agg(trim(y) order by trim(y)) from unnest(string_to_array(cfg.v, ',')) y)::name[] is distinct from advisor.exposed_schemas()
  union all
  -- 7. views API roles can read run with the caller's rights
  select 'view_security_invoker', t.fq, 'view in an exposed schema runs with its owner''s rights (bypassing RLS)',
         format('alter view %s set (security_invoker = true)', t.fq)
  from tabs t join reg on reg.name = t.nspname and reg.exposed
  where t.relkind = 'v' and not advisor.view_is_invoker(t.reloptions)
  union all
  -- 8. SECURITY DEFINER functions pin search_path, with pg_temp explicitly last (an empty path
  --    still searches the caller's temporary schema first for tables and types) …
  select 'definer_search_path', p.oid::regprocedure::text, ('SECURITY DEFINER function: ' || advisor.function_search_path_problem(p.proconfig)) collate pg_catalog."default",
         format('alter function %s set search_path = pg_catalog, pg_temp', p.oid::regprocedure)
  from pg_catalog.pg_proc p join ours n on n.oid = p.pronamespace
  where p.prosecdef
    and advisor.function_search_path_problem(p.proconfig) is not null
    and not exists (select from pg_catalog.pg_depend d where d.classid = 'pg_catalog.pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
  union all
  -- … and are not executable by PUBLIC
  select 'definer_execute', p.oid::regprocedure::text, 'SECURITY DEFINER function executable by PUBLIC',
         format('revoke execute on function %s from public; then grant it to the roles meant to call it', p.oid::regprocedure)
  from pg_catalog.pg_proc p join ours n on n.oid = p.pronamespace
  where p.prosecdef
    and (p.proacl is null or exists (select from pg_catalog.aclexplode(p.proacl) a where a.grantee = 0 and a.privilege_type = 'EXECUTE'))
    and not exists (select from pg_catalog.pg_depend d where d.classid = 'pg_catalog.pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
  union all
  -- 9. the append-only tables (ops.events, ops.event_seals, control_plane.access_log) are: their
  --    guards are in place and enabled, the guard function still refuses, nobody holds the privileges
  select case when a.relation ~ '^ops\.events' or a.relation = 'ops.tg__append_only()' then 'events_append_only' else 'append_only' end,
         a.relation, a.problem, a.fix
  from advisor.append_only_problems() a
  union all
  -- 10. no API role can create temporary objects: they could shadow the tables and types of any
  --     function whose search_path leaves pg_temp implicit (the root bootstrap revokes TEMP)
  select 'temp_not_granted', r.rolname::text,
         format('%s can create temporary objects in database %s', r.rolname, d.datname),
         format('as the database owner %s: revoke temporary on database %I from public, %I', pg_catalog.pg_get_userbyid(d.datdba), d.datname, r.rolname)
  from pg_catalog.pg_roles r cross join pg_catalog.pg_database d
  where d.datname = pg_catalog.current_database()
    and r.rolname in ('anon', 'authenticated', 'service_role', 'authenticator')
    and pg_catalog.has_database_privilege(r.oid, d.oid, 'temporary')
  union all
  -- 11. a schema API roles may use without PostgREST exposing it (api_usage) holds only SECURITY
  --     DEFINER functions with a pinned search_path (pg_temp last) and no EXECUTE for PUBLIC:
  --     no table, view, sequence or invoker function a role could reach through its USAGE
  select 'api_usage_schema', t.fq,
         format('%s in a schema marked api_usage, which API roles may use',
                case t.relkind when 'v' then 'view' when 'm' then 'materialized view' when 'f' then 'foreign table' when 'S' then 'sequence' else 'table' end),
         format('move it to a schema that is not api_usage (alter … %s set schema …)', t.fq)
  from (select c.oid, c.relkind, format('%I.%I', n.nspname, c.relname) as fq
        from pg_catalog.pg_class c join ours n on n.oid = c.relnamespace join reg on reg.name = n.nspname and reg.api_usage
        where c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')) t
  union all
  select 'api_usage_schema', p.oid::regprocedure::text, x.problem,
         format('an api_usage schema holds only the SECURITY DEFINER bodies of RPCs: %s', x.fix)
  from pg_catalog.pg_proc p join ours n on n.oid = p.pronamespace join reg on reg.name = n.nspname and reg.api_usage
  cross join lateral (values
    (not p.prosecdef, 'SECURITY INVOKER function in a schema marked api_usage', format('move %s to another schema', p.oid::regprocedure)),
    (p.prosecdef and advisor.function_search_path_problem(p.proconfig) is not null,
     'SECURITY DEFINER function without search_path pinned with pg_temp last', format('alter function %s set search_path = pg_catalog, pg_temp', p.oid::regprocedure)),
    (p.proacl is null or exists (select from pg_catalog.aclexplode(p.proacl) a where a.grantee = 0 and a.privilege_type = 'EXECUTE'),
     'function executable by PUBLIC in a schema marked api_usage', format('revoke execute on function %s from public; then grant it to the roles meant to call it', p.oid::regprocedure))
  ) x(bad, problem, fix)
  where x.bad
  union all
  -- 12. every API role has a statement_timeout (PostgREST applies it per request): none means a
  --     request runs until the server's global limit (advisor.statement_timeout_problems)
  select 'statement_timeout', t.role_name, t.problem, t.fix
  from advisor.statement_timeout_problems() t
  union all
  -- 13. no API role reaches the vault except through the audited accessor: no privilege on its
  --     tables, views or functions (advisor.vault_direct_access)
  select 'vault_direct_access', v.object,
         format('%s has %s on %s: it reads or changes secrets without the audited accessor', v.role_name, v.privileges, v.object),
         format('as %s: %s', v.revoker, v.fix)
  from advisor.vault_direct_access() v
  union all
  -- 14. every registered schema exists and holds its core relations (catalog.registry_gaps)
  select 'schema_contents', g.object, g.problem, g.fix from catalog.registry_gaps() g
  union all
  -- 15. the API roles hold no power beyond their grants: no SUPERUSER, CREATEROLE, CREATEDB or
  --     REPLICATION, and no BYPASSRLS except service_role (Supabase gives it that one by design)
  select 'api_role_attributes', r.rolname::text,
         pg_catalog.format('%s has %s', r.rolname, x.attr),
         pg_catalog.format('as a role with CREATEROLE (or the superuser for SUPERUSER/REPLICATION): alter role %I %s', r.rolname, x.undo)
  from pg_catalog.pg_roles r
  cross join lateral (values (r.rolsuper, 'SUPERUSER', 'nosuperuser'), (r.rolcreaterole, 'CREATEROLE', 'nocreaterole'),
                             (r.rolcreatedb, 'CREATEDB', 'nocreatedb'), (r.rolreplication, 'REPLICATION', 'noreplication'),
                             (r.rolbypassrls and r.rolname <> 'service_role', 'BYPASSRLS', 'nobypassrls')) x(bad, attr, undo)
  where r.rolname in ('anon', 'authenticated', 'service_role', 'authenticator') and x.bad
  union all
  -- 16. no credential written into the database's code or settings: function bodies, view
  --     definitions and column defaults of our schemas, role and database settings (a connection
  --     string with a password, an API key, a bearer token: advisor.looks_like_secret)
  select 'credential_in_sql', p.oid::regprocedure::text, 'the body of this function holds what looks like a credential',
         'read it from the vault (control_plane.secret_value) instead; then rotate the exposed credential'
  from pg_catalog.pg_proc p join ours n on n.oid = p.pronamespace
  where p.prolang <> 13 and advisor.looks_like_secret(p.prosrc, in_code => true)
    and not exists (select from pg_catalog.pg_depend d where d.classid = 'pg_catalog.pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
  union all
  select 'credential_in_sql', t.fq, 'the definition of this view holds what looks like a credential',
         'read it from the vault instead; then rotate the exposed credential'
  from tabs t where t.relkind in ('v', 'm') and advisor.looks_like_secret(pg_catalog.pg_get_viewdef(t.oid), in_code => true)
  union all
  select 'credential_in_sql', pg_catalog.format('%s.%I', t.fq, a.attname), 'the default of this column holds what looks like a credential',
         pg_catalog.format('alter table %s alter column %I drop default; keep the credential in the vault and rotate it', t.fq, a.attname)
  from tabs t join pg_catalog.pg_attrdef d on d.adrelid = t.oid
  join pg_catalog.pg_attribute a on a.attrelid = d.adrelid and a.attnum = d.adnum
  where advisor.looks_like_secret(pg_catalog.pg_get_expr(d.adbin, d.adrelid), in_code => true)
  union all
  select 'credential_in_sql',
         case when s.setrole = 0 then pg_catalog.format('database %s', db.datname)
              else pg_catalog.format('role %s', pg_catalog.pg_get_userbyid(s.setrole)) || coalesce(' in database ' || db.datname, '') end,
         pg_catalog.format('the setting %s holds what looks like a credential', pg_catalog.split_part(c.setting, '=', 1)),
         pg_catalog.format('alter %s reset %s; keep the credential in the vault and rotate it',
                           case when s.setrole = 0 then pg_catalog.format('database %I', db.datname) else pg_catalog.format('role %I', pg_catalog.pg_get_userbyid(s.setrole)) end,
                           pg_catalog.split_part(c.setting, '=', 1))
  from pg_catalog.pg_db_role_setting s
  left join pg_catalog.pg_database db on db.oid = s.setdatabase
  cross join lateral pg_catalog.unnest(s.setconfig) c(setting)
  where (s.setdatabase = 0 or db.datname = pg_catalog.current_database())
    and advisor.looks_like_secret(c.setting, in_code => true)
  union all
  -- 17. the doctrine's own ERROR lints: no foreign server into Odoo's database (the seeds forbid any
  --     link from Supabase into it), no credential in a pg_cron job's command, no credential stored
  --     in a table outside the vault (a value that looks like one; a column merely named like one is
  --     a WARN for the doctor)
  select 'doctrine_lint',
         l.name || ' ' || coalesce(nullif(pg_catalog.concat_ws('.', l.metadata ->> 'schema', l.metadata ->> 'name', l.metadata ->> 'column'), ''),
                                   l.metadata ->> 'jobname', l.cache_key),
         l.detail, l.remediation
  from (select * from advisor.lint_fdw_to_odoo
        union all select * from advisor.lint_cron_literal_secrets
        union all select * from advisor.lint_secrets_outside_vault) l
  where l.level = 'ERROR'
  union all
  -- 18. Superset's read-only account reads the analytics read models and nothing else, and can
  --     write nothing (advisor.superset_reader_problems)
  select 'superset_reader', s.object, s.problem, s.fix from advisor.superset_reader_problems() s
  union all
  -- 19. plpgsql_check finds no error, warning or security warning in any plpgsql function of ours
  --     (trigger functions against their tables); its extra and performance warnings are advice,
  --     listed by advisor.plpgsql_check_findings(), and so are the statements on an optional
  --     extension's schema this database lacks (unchecked). A missing extension is one failure with the fix.
  select 'plpgsql_check', coalesce(f.function_name, 'extension plpgsql_check'),
         case when f.function_name is null then f.message
              else pg_catalog.concat('line ' || f.lineno || ': ', f.level, ', trigger on ' || f.relation, ': ', f.message, ': ' || f.detail)
         end collate pg_catalog."default",
         coalesce(nullif(f.hint, ''),
                  'fix the function''s definition file (db/functions/**; a trigger function of a migration through a new migration), or, for a false positive of dynamic SQL, a comment -- @plpgsql_check_options: <kind>_warnings = off in its body saying why')
           collate pg_catalog."default"
  from advisor.plpgsql_check_findings() f
  where f.level in ('error', 'warning', 'security')
  order by 1, 2, 3
$$;
comment on function advisor.assert_doctrine() is 'The doctrine assertions (RLS, policies, exposure, definer functions, the append-only tables and their guard, no temporary objects for API roles, a statement_timeout on every API role, no direct vault access for them, no extra role attributes, no credential in code or settings, no link into Odoo''s database, Superset''s account read-only, no plpgsql_check error, warning or security warning in any function), catalog-driven; one row per violation with the fix.';
revoke execute on function advisor.assert_doctrine() from public;
