-- advisor.lint_rls_references_user_metadata: a policy of ours that reads the JWT's user_metadata
-- (splinter's 0015 rls_references_user_metadata; advisor.lints() picks it up by name). Supabase
-- Auth lets every user edit their own user_metadata, so a policy deciding on it lets users grant
-- themselves access. The match is on the policy's text, as splinter's: auth.jwt() or
-- current_setting(... request.jwt.claims ...) followed somewhere by user_metadata, in USING or
-- WITH CHECK (loose on purpose: it may flag a policy that only mentions the word). Every policy
-- counts, whatever the table's kind or RLS state. The text is deparsed under advisor.lints()'s
-- pinned search_path, where auth.jwt() keeps its schema.
create or replace view advisor.lint_rls_references_user_metadata with (security_invoker = true) as
select
  'rls_references_user_metadata'::text as name,
  'RLS references user metadata'::text as title,
  'ERROR'::text as level,
  'EXTERNAL'::text as facing,
  array['SECURITY']::text[] as categories,
  'Detects row level security policies that read user_metadata from the JWT: users edit their own user_metadata, so it must never decide access.'::text as description,
  x.detail::text collate "default" as detail,
  'Decide on app_metadata (only the service role writes it) or on a table of roles the user cannot write, not on user_metadata.'::text as remediation,
  x.metadata::jsonb as metadata,
  ('rls_references_user_metadata_' || x.key)::text collate "default" as cache_key
from (
  select format('Policy %I on table %I.%I reads user_metadata from the JWT, which every user can edit.', p.polname, n.nspname, c.relname),
         jsonb_build_object('schema', n.nspname, 'name', c.relname, 'type', 'table'),
         format('%s_%s_%s', n.nspname, c.relname, p.polname)
  from pg_catalog.pg_policy p
  join pg_catalog.pg_class c on c.oid = p.polrelid
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  cross join lateral (values (pg_catalog.pg_get_expr(p.polqual, p.polrelid)), (pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid))) e(expr)
  where advisor.is_ours(n.nspname)
  group by n.nspname, c.relname, p.polname
  having bool_or(e.expr like '%auth.jwt()%user_metadata%' or e.expr like '%current_setting(%request.jwt.claims%)%user_metadata%')
) x(detail, metadata, key);
comment on view advisor.lint_rls_references_user_metadata is 'RLS references user metadata (splinter 0015) — lint for advisor.lints().';
