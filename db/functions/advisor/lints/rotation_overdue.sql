-- advisor.lint_rotation_overdue: credentials past their rotation cadence (or never set).
create or replace function advisor._lint_rotation_overdue()
returns setof advisor.lint
language sql stable security definer
set search_path = pg_catalog, pg_temp
as $$
  select 'rotation_overdue',
         'Credential rotation overdue',
         case r.state when 'overdue' then 'WARN' else 'INFO' end,
         'INTERNAL',
         array['SECURITY'],
         'Detects registered credentials whose last rotation is older than their cadence (quarterly, annually), vault secrets never set, and external credentials whose rotation was never recorded.',
         case
           when r.state = 'overdue' then pg_catalog.format('Secret %s (owner %s, %s) was due for rotation on %s.', r.name, r.owner, r.cadence, pg_catalog.to_char(r.due_at at time zone 'UTC', 'YYYY-MM-DD'))
           when r.location = 'external' then pg_catalog.format('Credential %s (owner %s, held by %s) has no recorded rotation.', r.name, r.owner, r.held_by)
           else pg_catalog.format('Secret %s (owner %s) is registered but has no value in the vault.', r.name, r.owner)
         end,
         case when r.location = 'external'
              then pg_catalog.format('Rotate it in %s, then record it: ssot secret rotated %s.', r.held_by, r.name)
              else pg_catalog.format('Rotate it at the source, then: ssot secret set %s (reads the new value from stdin).', r.name) end,
         pg_catalog.jsonb_build_object('secret', r.name, 'owner', r.owner, 'cadence', r.cadence, 'due_at', r.due_at, 'state', r.state, 'location', r.location),
         pg_catalog.format('rotation_overdue_%s_%s', r.name, r.state)
    from control_plane.rotations_due r
   where r.state in ('overdue', 'unset')
   order by r.name
$$;
comment on function advisor._lint_rotation_overdue() is 'Rows of advisor.lint_rotation_overdue.';
revoke execute on function advisor._lint_rotation_overdue() from public;

create or replace view advisor.lint_rotation_overdue with (security_invoker = true) as
  select * from advisor._lint_rotation_overdue();
comment on view advisor.lint_rotation_overdue is 'Lint: secrets overdue for rotation (WARN) or never set (INFO).';
