-- odoo_seed.drift: every difference between the canonical definitions (projects, tasks) and the
-- shadows of Odoo's state, one row per difference. Comparisons are NULL-safe (`is distinct
-- from`); sets (assignees, dependencies) are compared sorted. The v_* views are slices of it.
--   missing_in_odoo   a seed with no shadow of the same x_external_ref
--   orphan_in_odoo    a shadow with an x_external_ref no seed has
--   duplicate_in_odoo several Odoo records carry the same x_external_ref
--   name, company, manager (projects); name, project, stage, assignee, dependency (tasks)
create or replace view odoo_seed.drift with (security_invoker = true) as
with seed_projects as (
  select p.* from odoo_seed.projects p where p.sync_enabled
), seed_tasks as (
  select t.* from odoo_seed.tasks t join seed_projects p on p.external_ref = t.project_external_ref
), sp as (
  select distinct on (s.external_ref) s.* from odoo_seed.shadow_projects s
   where s.external_ref is not null order by s.external_ref, s.active desc, s.odoo_id
), st as (
  select distinct on (s.external_ref) s.*,
         (select pg_catalog.array_agg(coalesce(d.external_ref, '#' || x) order by coalesce(d.external_ref, '#' || x))
            from pg_catalog.unnest(s.depend_on_ids) x
            left join odoo_seed.shadow_tasks d on d.odoo_id = x) as depends_on_refs,
         (select p.external_ref from odoo_seed.shadow_projects p where p.odoo_id = s.project_odoo_id) as project_external_ref
    from odoo_seed.shadow_tasks s
   where s.external_ref is not null order by s.external_ref, s.active desc, s.odoo_id
)
select 'project'::text as entity, 'missing_in_odoo'::text as kind, p.external_ref, null::integer as odoo_id,
       p.name as expected, null::text as actual
  from seed_projects p where not exists (select from sp where sp.external_ref = p.external_ref)
union all
select 'task', 'missing_in_odoo', t.external_ref, null, t.name, null
  from seed_tasks t where not exists (select from st where st.external_ref = t.external_ref)
union all
select 'project', 'orphan_in_odoo', s.external_ref, s.odoo_id, null, s.name
  from odoo_seed.shadow_projects s
 where s.external_ref is not null and not exists (select from odoo_seed.projects p where p.external_ref = s.external_ref)
union all
select 'task', 'orphan_in_odoo', s.external_ref, s.odoo_id, null, s.name
  from odoo_seed.shadow_tasks s
 where s.external_ref is not null and not exists (select from odoo_seed.tasks t where t.external_ref = s.external_ref)
union all
select 'project', 'duplicate_in_odoo', s.external_ref, min(s.odoo_id), '1 record', count(*) || ' records'
  from odoo_seed.shadow_projects s where s.external_ref is not null group by s.external_ref having count(*) > 1
union all
select 'task', 'duplicate_in_odoo', s.external_ref, min(s.odoo_id), '1 record', count(*) || ' records'
  from odoo_seed.shadow_tasks s where s.external_ref is not null group by s.external_ref having count(*) > 1
union all
select 'project', d.kind, p.external_ref, sp.odoo_id, d.expected, d.actual
  from seed_projects p join sp on sp.external_ref = p.external_ref
 cross join lateral (values
   ('name', p.name, sp.name),
   ('company', p.company_name, sp.company_name),
   ('manager', pg_catalog.lower(p.manager_email), pg_catalog.lower(sp.manager_login))
 ) as d (kind, expected, actual)
 where d.expected is distinct from d.actual
union all
select 'task', d.kind, t.external_ref, st.odoo_id, d.expected, d.actual
  from seed_tasks t join st on st.external_ref = t.external_ref
 cross join lateral (values
   ('name', t.name, st.name),
   ('project', t.project_external_ref, st.project_external_ref),
   ('stage', t.stage_name, st.stage_name),
   ('assignee',
    coalesce(pg_catalog.lower(t.assignee_email), ''),
    coalesce((select pg_catalog.string_agg(pg_catalog.lower(l), ', ' order by pg_catalog.lower(l)) from pg_catalog.unnest(st.assignee_logins) l), '')),
   ('dependency',
    coalesce((select pg_catalog.string_agg(r, ', ' order by r) from pg_catalog.unnest(t.depends_on_refs) r), ''),
    coalesce(pg_catalog.array_to_string(st.depends_on_refs, ', '), ''))
 ) as d (kind, expected, actual)
 where d.expected is distinct from d.actual;
comment on view odoo_seed.drift is 'Every difference between odoo_seed definitions and the shadows of Odoo (entity, kind, external_ref, odoo_id, expected, actual).';
