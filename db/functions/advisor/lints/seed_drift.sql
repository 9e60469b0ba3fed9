-- advisor.lint_seed_drift: Odoo differs from the canonical project/task definitions (odoo_seed).
-- Per instance, judged only once that instance's state has been pulled (a finished shadow run):
-- before that every seed would look missing, which says nothing.
create or replace function advisor._lint_seed_drift()
returns setof advisor.lint
language sql stable security definer
set search_path = pg_catalog, pg_temp
as $$
  with last_shadow as (
    select i.slug, max(r.finished_at) as finished_at
      from odoo_seed.sync_runs r join odoo.instances i on i.id = r.instance_id
     where r.kind = 'shadow' and r.status in ('success', 'partial')
     group by i.slug
  ), d as (
    select x.instance, x.entity, x.kind, count(*) as n, min(l.finished_at) as as_of,
           (pg_catalog.array_agg(x.external_ref order by x.external_ref))[1:5] as sample
      from odoo_seed.drift x join last_shadow l on l.slug = x.instance
     group by x.instance, x.entity, x.kind
  )
  select 'seed_drift',
         'Odoo drifted from the seed definitions',
         'WARN',
         'INTERNAL',
         array['DRIFT'],
         'Detects differences between odoo_seed.projects/tasks and the shadows of Odoo''s state, as of the last shadow run.',
         pg_catalog.format('%s: %s %s: %s (e.g. %s), as of the shadow run at %s.', d.instance, d.n, d.entity, pg_catalog.replace(d.kind, '_', ' '),
                           pg_catalog.array_to_string(d.sample, ', '), d.as_of),
         'Run `ssot odoo drift --instance <slug>` for the full list; `ssot odoo seed` writes the definitions to Odoo, or fix the seed if Odoo is right.',
         pg_catalog.jsonb_build_object('instance', d.instance, 'entity', d.entity, 'kind', d.kind, 'count', d.n, 'sample', pg_catalog.to_jsonb(d.sample)),
         pg_catalog.format('seed_drift_%s_%s_%s', d.instance, d.entity, d.kind)
    from d
   order by d.instance, d.entity, d.kind
$$;
comment on function advisor._lint_seed_drift() is 'Rows of advisor.lint_seed_drift.';
revoke execute on function advisor._lint_seed_drift() from public;

create or replace view advisor.lint_seed_drift with (security_invoker = true) as
  select * from advisor._lint_seed_drift();
comment on view advisor.lint_seed_drift is 'Lint: differences between odoo_seed definitions and Odoo''s shadowed state (WARN), once a shadow run exists.';
