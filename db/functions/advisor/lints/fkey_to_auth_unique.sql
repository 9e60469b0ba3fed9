-- advisor.lint_fkey_to_auth_unique: a foreign key onto a unique constraint (not the primary key) of
-- a table in schema auth (splinter's 0021 fkey_to_auth_unique; advisor.lints() picks it up by name).
-- Supabase Auth may drop or change its unique constraints in an upgrade, which a foreign key onto
-- one would block or break; the primary key (auth.users.id) is the stable thing to reference.
-- Every referencing table counts, in any schema, as in splinter.
create or replace view advisor.lint_fkey_to_auth_unique with (security_invoker = true) as
select
  'fkey_to_auth_unique'::text as name,
  'Foreign Key to Auth Unique Constraint'::text as title,
  'ERROR'::text as level,
  'EXTERNAL'::text as facing,
  array['SECURITY']::text[] as categories,
  'Detects foreign keys onto unique constraints of tables in the auth schema: Supabase Auth may change those constraints in an upgrade, which such a key blocks or breaks.'::text as description,
  x.detail::text collate "default" as detail,
  'Reference the auth table''s primary key instead (e.g. auth.users (id)): drop the foreign key and add one on the id, in a migration.'::text as remediation,
  x.metadata::jsonb as metadata,
  ('fkey_to_auth_unique_' || x.key)::text collate "default" as cache_key
from (
  select format('Foreign key %I of table %I.%I references a unique constraint of auth.%I, not its primary key.', k.conname, n.nspname, c.relname, r.relname),
         jsonb_build_object('schema', n.nspname, 'name', c.relname, 'foreign_key', k.conname),
         format('%s_%s_%s', n.nspname, c.relname, k.conname)
  from pg_catalog.pg_constraint k
  join pg_catalog.pg_class c on c.oid = k.conrelid
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  join pg_catalog.pg_class r on r.oid = k.confrelid
  join pg_catalog.pg_index i on i.indexrelid = k.conindid
  where k.contype = 'f'
    and r.relnamespace = (select a.oid from pg_catalog.pg_namespace a where a.nspname = 'auth')
    and i.indisunique and not i.indisprimary
) x(detail, metadata, key);
comment on view advisor.lint_fkey_to_auth_unique is 'Foreign Key to Auth Unique Constraint (splinter 0021) — lint for advisor.lints().';
