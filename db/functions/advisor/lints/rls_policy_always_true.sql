-- advisor.lint_rls_policy_always_true: splinter's rls_policy_always_true (0024). A permissive policy
-- for PUBLIC, anon or authenticated on a table (partitions too) with RLS enabled that lets any row
-- be written: for UPDATE, DELETE or ALL a USING that is always true or missing; a WITH CHECK that
-- is always true, missing on INSERT, or missing on UPDATE or ALL whose USING is always true. Always
-- true is `true` or `1 = 1`, in parentheses or not (compared lower-cased, without blanks). A SELECT
-- policy using (true) is a deliberate public read and is not flagged.
-- an earlier version's columns had other collations, which create or replace view cannot change
drop view if exists advisor.lint_rls_policy_always_true;
create or replace view advisor.lint_rls_policy_always_true with (security_invoker = true) as
select
  'rls_policy_always_true'::text as name,
  'RLS Policy Always True'::text as title,
  'WARN'::text as level,
  'EXTERNAL'::text as facing,
  array['SECURITY']::text[] as categories,
  'Detects permissive write policies for anon, authenticated or PUBLIC whose USING or WITH CHECK is always true or missing: any row can be written.'::text as description,
  x.detail::text collate pg_catalog."default" as detail,
  'Restrict the policy with a condition on the caller, e.g. owner_id = (select auth.uid()), in USING and WITH CHECK.'::text as remediation,
  jsonb_build_object('schema', x.schema_name, 'name', x.table_name, 'type', 'table', 'policy_name', x.policy_name, 'command', x.command,
                     'roles', to_jsonb(x.roles), 'qual', x.qual, 'with_check', x.with_check,
                     'permissive_using', x.permissive_using, 'permissive_with_check', x.permissive_with_check) as metadata,
  ('rls_policy_always_true_' || x.schema_name || '_' || x.table_name || '_' || x.policy_name)::text collate pg_catalog."default" as cache_key
from (
  select p.*,
         p.command in ('UPDATE', 'DELETE', 'ALL') and (p.qual is null or p.qual_true) as permissive_using,
         coalesce(p.check_true, false)
           or (p.command = 'INSERT' and p.with_check is null)
           or (p.command in ('UPDATE', 'ALL') and p.with_check is null and coalesce(p.qual_true, false)) as permissive_with_check,
         format('Policy %I on %I.%I lets %s %s any row.', p.policy_name, p.schema_name, p.table_name,
                array_to_string(array(select case when r = '-' then 'public' else r end from unnest(p.roles) r), ', '), p.command) as detail
  from (
    select n.nspname as schema_name, c.relname as table_name, pol.polname as policy_name,
           case pol.polcmd when 'r' then 'SELECT' when 'a' then 'INSERT' when 'w' then 'UPDATE' when 'd' then 'DELETE' else 'ALL' end as command,
           -- as splinter: each role as regrole text, in the policy's order (PUBLIC reads '-')
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
    where c.relkind = 'r' and c.relrowsecurity and pol.polpermissive and advisor.is_ours(n.nspname)
      and (pol.polroles = array[0::oid]
           or exists (select from pg_catalog.pg_roles r where r.rolname in ('anon', 'authenticated') and r.oid = any (pol.polroles)))
  ) p
) x
where x.permissive_using or x.permissive_with_check;
comment on view advisor.lint_rls_policy_always_true is 'Splinter''s rls_policy_always_true (0024): a permissive write policy for anon, authenticated or PUBLIC that lets any row through — lint for advisor.lints().';
