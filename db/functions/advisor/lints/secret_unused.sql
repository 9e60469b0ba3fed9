-- advisor.lint_secret_unused: dead credentials. A vault secret that has had its value for 30 days
-- and that nothing has read (audited accessors) or, for a webhook key, signed with in the last 90
-- days is a live credential nobody needs: revoke it at its source and remove it. External
-- credentials are used outside the database and are not judged.
create or replace function advisor._lint_secret_unused()
returns setof advisor.lint
language sql stable security definer
set search_path = pg_catalog, pg_temp
as $$
  select 'secret_unused',
         'Credential set but unused',
         'WARN',
         'INTERNAL',
         array['SECURITY'],
         'Detects vault secrets with a value for 30 days or more that no audited accessor has read, and no webhook has been signed with, in 90 days.',
         case when u.last_used_at is null
              then pg_catalog.format('Secret %s has had a value since %s and was never used.', u.name, pg_catalog.to_char(u.last_rotated_at at time zone 'UTC', 'YYYY-MM-DD'))
              else pg_catalog.format('Secret %s was last used on %s.', u.name, pg_catalog.to_char(u.last_used_at at time zone 'UTC', 'YYYY-MM-DD')) end,
         pg_catalog.format('If nothing needs %s, revoke it at its source and delete it from the vault and the registry; if something reads it another way, move that reader to the audited accessor.', u.name),
         pg_catalog.jsonb_build_object('secret', u.name, 'last_used_at', u.last_used_at, 'value_since', u.last_rotated_at),
         pg_catalog.format('secret_unused_%s', u.name)
    from control_plane.secret_use u
   where u.location = 'vault' and u.has_value
     and u.last_rotated_at < pg_catalog.now() - interval '30 days'
     and (u.last_used_at is null or u.last_used_at < pg_catalog.now() - interval '90 days')
   order by u.name
$$;
comment on function advisor._lint_secret_unused() is 'Rows of advisor.lint_secret_unused.';
revoke execute on function advisor._lint_secret_unused() from public;

create or replace view advisor.lint_secret_unused with (security_invoker = true) as
  select * from advisor._lint_secret_unused();
comment on view advisor.lint_secret_unused is 'Lint: vault secrets with a value for 30 days that nothing used in 90 days (WARN).';
