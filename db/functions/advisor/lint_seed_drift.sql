-- advisor.lint_seed_drift: Odoo differs from the canonical project/task definitions (odoo_seed).
-- Judged only once Odoo's state has been pulled (a finished shadow run): before that every seed
-- would look missing, which says nothing.
create or replace function advisor._lint_seed_drift()
returns table (name text, title text, level text, facing text, categories text[], description text,
               detail text, remediation text, metadata jsonb, cache_key text)
language sql stable security definer
set search_path = pg_catalog, pg_temp
as $$
  with last_shadow as (
    select r.finished_at from odoo_seed.sync_runs r
     where r.kind = 'shadow' and r.status in ('success', 'partial')
     order by r.finished_at desc nulls last limit 1
  ), d as (
    select x.entity, x.kind, count(*) as n,
           (pg_catalog.array_agg(x.external_ref order by x.external_ref))[1:5] as sample
      from odoo_seed.drift x
     where exists (select from last_shadow)
     group by x.entity, x.kind
  )
  select 'seed_drift',
         'Odoo drifted from the seed definitions',
         'WARN',
         'INTERNAL',
         array['DRIFT'],
         'Detects differences between odoo_seed.projects/tasks and the shadows of Odoo''s state, as of the last shadow run.',
         pg_catalog.format('%s %s: %s (e.g. %s), as of the shadow run at %s.', d.n, d.entity, pg_catalog.replace(d.kind, '_', ' '),
                           pg_catalog.array_to_string(d.sample, ', '), (select l.finished_at from last_shadow l)),
         'Run `ssot odoo drift` for the full list; `ssot odoo seed` writes the definitions to Odoo, or fix the seed if Odoo is right.',
         pg_catalog.jsonb_build_object('entity', d.entity, 'kind', d.kind, 'count', d.n, 'sample', pg_catalog.to_jsonb(d.sample)),
         pg_catalog.format('seed_drift_%s_%s', d.entity, d.kind)
    from d
   order by d.entity, d.kind
$$;
comment on function advisor._lint_seed_drift() is 'Rows of advisor.lint_seed_drift.';
revoke execute on function advisor._lint_seed_drift() from public;

create or replace view advisor.lint_seed_drift with (security_invoker = true) as
  select * from advisor._lint_seed_drift();
comment on view advisor.lint_seed_drift is 'Lint: differences between odoo_seed definitions and Odoo''s shadowed state (WARN), once a shadow run exists.';
