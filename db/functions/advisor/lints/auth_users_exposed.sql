-- advisor.lint_auth_users_exposed: a view or materialized view in an exposed schema that reads
-- auth.users directly and that anon or authenticated may select, while nothing filters its rows
-- (splinter's 0002 auth_users_exposed; advisor.lints() picks it up by name). Insecure is: a
-- materialized view (no RLS applies to one), a view that runs with its owner's rights (not
-- security_invoker), or a security_invoker view over an auth.users whose RLS is off. Only direct
-- reads count (a view over such a view is not followed), as in splinter; quiet without auth.users.
create or replace view advisor.lint_auth_users_exposed with (security_invoker = true) as
select
  'auth_users_exposed'::text as name,
  'Exposed Auth Users'::text as title,
  'ERROR'::text as level,
  'EXTERNAL'::text as facing,
  array['SECURITY']::text[] as categories,
  'Detects views and materialized views in an exposed schema that read auth.users and that anon or authenticated may select, so the API can hand out user accounts.'::text as description,
  x.detail::text collate "default" as detail,
  'Revoke SELECT on it from anon and authenticated (and PUBLIC), or move it to a schema the API does not expose; a view that must stay needs security_invoker = on and RLS on auth.users.'::text as remediation,
  x.metadata::jsonb as metadata,
  ('auth_users_exposed_' || x.key)::text collate "default" as cache_key
from (
  select format('%s %I.%I reads auth.users and %s may select it through the API (%s).',
                case c.relkind when 'm' then 'Materialized view' else 'View' end, n.nspname, c.relname, a.role,
                case when c.relkind = 'm' then 'a materialized view has no RLS'
                     when not a.invoker then 'it runs with its owner''s rights'
                     else 'auth.users has RLS disabled' end),
         jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'view', 'exposed_to', jsonb_build_array(a.role)),
         format('%s_%s', n.nspname, c.relname)
  from pg_catalog.pg_class u
  join pg_catalog.pg_namespace un on un.oid = u.relnamespace and un.nspname = 'auth'
  join pg_catalog.pg_class c
    on c.oid in (select r.ev_class from pg_catalog.pg_depend d join pg_catalog.pg_rewrite r on r.oid = d.objid
                  where d.classid = 'pg_catalog.pg_rewrite'::regclass and d.refclassid = 'pg_catalog.pg_class'::regclass
                    and d.refobjid = u.oid and d.deptype = 'n')
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  cross join lateral (
    select case when pg_catalog.has_table_privilege('anon', c.oid, 'SELECT') then 'anon'
                when pg_catalog.has_table_privilege('authenticated', c.oid, 'SELECT') then 'authenticated' end as role,
           exists (select from pg_catalog.unnest(c.reloptions) o
                    where pg_catalog.lower(o) in ('security_invoker=1', 'security_invoker=true', 'security_invoker=yes', 'security_invoker=on')) as invoker
  ) a
  where u.relname = 'users'
    and c.relkind in ('v', 'm')
    and n.nspname = any (advisor.api_schemas())
    and a.role is not null
    and (c.relkind = 'm' or not a.invoker or not u.relrowsecurity)
) x(detail, metadata, key);
comment on view advisor.lint_auth_users_exposed is 'Exposed Auth Users (splinter 0002) — lint for advisor.lints().';
