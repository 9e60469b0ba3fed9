-- advisor.lint_secret_exposed: credentials marked exposed (ssot secret exposed, or the RPC
-- control_plane_mark_secret_exposed) and not rotated since. ERROR: `ssot doctor` and CI fail until
-- a new value is set (vault) or the rotation is recorded (external).
create or replace function advisor._lint_secret_exposed()
returns setof advisor.lint
language sql stable security definer
set search_path = pg_catalog, pg_temp
as $$
  select 'secret_exposed',
         'Exposed credential not rotated',
         'ERROR',
         'INTERNAL',
         array['SECURITY'],
         'Detects credentials marked exposed that have not been rotated since.',
         pg_catalog.format('Credential %s (owner %s) was marked exposed on %s: %s', s.name, s.owner,
                           pg_catalog.to_char(s.exposed_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI "UTC"'), s.exposed_reason),
         case when s.location = 'external'
              then pg_catalog.format('Rotate it in %s now, revoke the old value, then record it: ssot secret rotated %s.', s.held_by, s.name)
              else pg_catalog.format('Rotate it at its source now, revoke the old value, then store the new one: ssot secret set %s.', s.name) end,
         pg_catalog.jsonb_build_object('secret', s.name, 'owner', s.owner, 'location', s.location, 'exposed_at', s.exposed_at, 'reason', s.exposed_reason),
         pg_catalog.format('secret_exposed_%s', s.name)
    from control_plane.secrets s
   where s.exposed_at is not null
   order by s.name
$$;
comment on function advisor._lint_secret_exposed() is 'Rows of advisor.lint_secret_exposed.';
revoke execute on function advisor._lint_secret_exposed() from public;

create or replace view advisor.lint_secret_exposed with (security_invoker = true) as
  select * from advisor._lint_secret_exposed();
comment on view advisor.lint_secret_exposed is 'Lint: credentials marked exposed and not rotated since (ERROR).';
