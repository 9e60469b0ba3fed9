-- advisor.permissive_policy_overlaps(kind): the rule of splinter's multiple_permissive_policies, for
-- the relations of one kind ('r' tables and partitions for the splinter lint, 'p' partitioned tables
-- for the project lint partitioned_table_policies). PostgreSQL evaluates every permissive policy that
-- applies to a role and action, for every row. Each policy counts for each role it names; a policy TO
-- public counts for every role RLS applies to: all but those named like 'pg_%' (the _ matches any
-- character: pgbouncer too), 'supabase%admin', and those with BYPASSRLS. FOR ALL counts for SELECT,
-- INSERT, UPDATE and DELETE. One row per relation, role and action with more than one such policy,
-- in schemas of ours, not extension-owned.
create or replace function advisor.permissive_policy_overlaps(kind "char")
returns table (schema_name name, table_name name, role_name name, action text, policies text)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select n.nspname, c.relname, r.rolname, a.action, string_agg(quote_ident(pol.polname), ', ' order by pol.polname)
  from pg_catalog.pg_policy pol
  join pg_catalog.pg_class c on c.oid = pol.polrelid
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  join pg_catalog.pg_roles r
    on case when 0::oid = any (pol.polroles)
            then r.rolname not like 'pg_%' and r.rolname not like 'supabase%admin' and not r.rolbypassrls
            else r.oid = any (pol.polroles) end
  cross join lateral unnest(case pol.polcmd when 'r' then array['SELECT'] when 'a' then array['INSERT'] when 'w' then array['UPDATE']
                                            when 'd' then array['DELETE'] else array['SELECT', 'INSERT', 'UPDATE', 'DELETE'] end) a(action)
  where pol.polpermissive and c.relkind = kind and advisor.is_ours(n.nspname)
    and not exists (select from pg_catalog.pg_depend d where d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
  group by n.nspname, c.relname, r.rolname, a.action
  having count(*) > 1
$$;
comment on function advisor.permissive_policy_overlaps("char") is 'Splinter''s multiple_permissive_policies rule for relations of one kind: (relation, role, action) with more than one permissive policy, and their names.';
revoke execute on function advisor.permissive_policy_overlaps("char") from public;
