-- advisor.lint_multiple_permissive_policies: splinter's multiple_permissive_policies (0006). PostgreSQL
-- evaluates every permissive policy that applies to a role and action, for every row. Each policy
-- counts for each role it names; a policy TO public counts for every role that RLS applies to (all
-- roles but those named like 'pg_%' (the _ matches any character: pgbouncer too), 'supabase%admin'
-- and those with BYPASSRLS). FOR ALL counts for SELECT, INSERT,
-- UPDATE and DELETE. One row per table, role and action with more than one such policy, on tables
-- (partitions too) that are not extension-owned.
-- an earlier version's columns had other collations, which create or replace view cannot change
drop view if exists advisor.lint_multiple_permissive_policies;
create or replace view advisor.lint_multiple_permissive_policies with (security_invoker = true) as
select
  'multiple_permissive_policies'::text as name,
  'Multiple Permissive Policies'::text as title,
  'WARN'::text as level,
  'EXTERNAL'::text as facing,
  array['PERFORMANCE']::text[] as categories,
  'Detects tables with several permissive policies for the same role and action: each is evaluated for every row.'::text as description,
  x.detail::text collate pg_catalog."default" as detail,
  'Merge them into one policy per role and action (conditions joined with or).'::text as remediation,
  x.metadata::jsonb as metadata,
  ('multiple_permissive_policies_' || x.key)::text collate pg_catalog."default" as cache_key
from (
  select format('Table %I.%I has %s permissive %s policies for role %s: %s.', n.nspname, c.relname, count(*), a.action, r.rolname,
                string_agg(quote_ident(pol.polname), ', ' order by pol.polname)),
         jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'table'),
         n.nspname || '_' || c.relname || '_' || r.rolname || '_' || a.action
  from pg_catalog.pg_policy pol
  join pg_catalog.pg_class c on c.oid = pol.polrelid
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  join pg_catalog.pg_roles r
    on case when 0::oid = any (pol.polroles)
            then r.rolname not like 'pg_%' and r.rolname not like 'supabase%admin' and not r.rolbypassrls
            else r.oid = any (pol.polroles) end
  cross join lateral unnest(case pol.polcmd when 'r' then array['SELECT'] when 'a' then array['INSERT'] when 'w' then array['UPDATE']
                                            when 'd' then array['DELETE'] else array['SELECT', 'INSERT', 'UPDATE', 'DELETE'] end) a(action)
  where pol.polpermissive and c.relkind = 'r' and advisor.is_ours(n.nspname)
    and not exists (select from pg_catalog.pg_depend d where d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
  group by n.nspname, c.relname, r.rolname, a.action
  having count(*) > 1
) x(detail, metadata, key);
comment on view advisor.lint_multiple_permissive_policies is 'Splinter''s multiple_permissive_policies (0006): several permissive policies for one role and action — lint for advisor.lints().';
