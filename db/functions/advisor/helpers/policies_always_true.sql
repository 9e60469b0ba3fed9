-- advisor.policies_always_true(kind): the rule of splinter's rls_policy_always_true, for the relations
-- of one kind ('r' tables and partitions for the splinter lint, 'p' partitioned tables for the project
-- lint partitioned_table_policies). A permissive policy for PUBLIC, anon or authenticated on a
-- relation with RLS enabled that lets any row be written: for UPDATE, DELETE or ALL a USING that is
-- always true or missing (permissive_using); a WITH CHECK that is always true, missing on INSERT, or
-- missing on UPDATE or ALL whose USING is always true (permissive_with_check). Always true is `true`
-- or `1 = 1`, in parentheses or not (compared lower-cased, without blanks). A SELECT policy using
-- (true) is a deliberate public read and is not returned. Roles read as splinter writes them
-- (regrole text, in the policy's order; PUBLIC is '-').
create or replace function advisor.policies_always_true(kind "char")
returns table (schema_name name, table_name name, policy_name name, command text, roles text[], qual text, with_check text,
               permissive_using boolean, permissive_with_check boolean)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select q.schema_name, q.table_name, q.policy_name, q.command, q.roles, q.qual, q.with_check, q.permissive_using, q.permissive_with_check
  from (
  select p.schema_name, p.table_name, p.policy_name, p.command, p.roles, p.qual, p.with_check,
         p.command in ('UPDATE', 'DELETE', 'ALL') and (p.qual is null or p.qual_true) as permissive_using,
         coalesce(p.check_true, false)
           or (p.command = 'INSERT' and p.with_check is null)
           or (p.command in ('UPDATE', 'ALL') and p.with_check is null and coalesce(p.qual_true, false)) as permissive_with_check
  from (
    select n.nspname as schema_name, c.relname as table_name, pol.polname as policy_name,
           case pol.polcmd when 'r' then 'SELECT' when 'a' then 'INSERT' when 'w' then 'UPDATE' when 'd' then 'DELETE' else 'ALL' end as command,
           array(select r.oid::regrole::text from unnest(pol.polroles) with ordinality r(oid, ord) order by r.ord) as roles,
           pg_catalog.pg_get_expr(pol.polqual, pol.polrelid) as qual,
           pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid) as with_check,
           pg_catalog.regexp_replace(pg_catalog.lower(pg_catalog.pg_get_expr(pol.polqual, pol.polrelid)), '[ \n\t]', '', 'g')
             in ('true', '(true)', '1=1', '(1=1)') as qual_true,
           pg_catalog.regexp_replace(pg_catalog.lower(pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid)), '[ \n\t]', '', 'g')
             in ('true', '(true)', '1=1', '(1=1)') as check_true
    from pg_catalog.pg_policy pol
    join pg_catalog.pg_class c on c.oid = pol.polrelid
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where c.relkind = kind and c.relrowsecurity and pol.polpermissive and advisor.is_ours(n.nspname)
      and (pol.polroles = array[0::oid]
           or exists (select from pg_catalog.pg_roles r where r.rolname in ('anon', 'authenticated') and r.oid = any (pol.polroles)))
  ) p
  ) q
  where q.permissive_using or q.permissive_with_check
$$;
comment on function advisor.policies_always_true("char") is 'Splinter''s rls_policy_always_true rule for relations of one kind: permissive write policies for PUBLIC, anon or authenticated that let any row through, with what makes them so.';
revoke execute on function advisor.policies_always_true("char") from public;
