-- odoo_seed.drift: every difference between the canonical definitions (projects, tasks) and the
-- shadows of each active Odoo instance's state, one row per instance and difference (instances do
-- not see each other's shadows). Comparisons are NULL-safe (`is distinct from`); sets
-- (assignees, dependencies) are compared sorted. The v_* views are slices of it.
--   missing_in_odoo   a seed with no shadow of the same x_external_ref in that instance
--   orphan_in_odoo    a shadow with an x_external_ref no seed has
--   duplicate_in_odoo several records of one instance carry the same x_external_ref
--   name, company, manager (projects); name, project, stage, assignee, dependency (tasks)
create or replace view odoo_seed.drift with (security_invoker = true) as
with inst as (
  select i.id, i.slug from odoo.instances i where i.active
), seed_projects as (
  select p.external_ref, p.name, p.company_name, p.manager_email from odoo_seed.projects p where p.sync_enabled
), seed_tasks as (
  select t.external_ref, t.project_external_ref, t.name, t.stage_name, t.assignee_email, t.depends_on_refs
    from odoo_seed.tasks t join seed_projects p on p.external_ref = t.project_external_ref
), sp as (
  select distinct on (s.instance_id, s.external_ref) s.* from odoo_seed.shadow_projects s
   where s.external_ref is not null order by s.instance_id, s.external_ref, s.active desc, s.odoo_id
), st as (
  select distinct on (s.instance_id, s.external_ref) s.*,
         (select pg_catalog.array_agg(coalesce(d.external_ref, '#' || x) order by coalesce(d.external_ref, '#' || x))
            from pg_catalog.unnest(s.depend_on_ids) x
            left join odoo_seed.shadow_tasks d on d.instance_id = s.instance_id and d.odoo_id = x) as depends_on_refs,
         (select p.external_ref from odoo_seed.shadow_projects p where p.instance_id = s.instance_id and p.odoo_id = s.project_odoo_id) as project_external_ref
    from odoo_seed.shadow_tasks s
   where s.external_ref is not null order by s.instance_id, s.external_ref, s.active desc, s.odoo_id
)
select i.slug as instance, 'project'::text as entity, 'missing_in_odoo'::text as kind, p.external_ref, null::integer as odoo_id,
       p.name as expected, null::text as actual
  from inst i cross join seed_projects p
 where not exists (select from sp where sp.instance_id = i.id and sp.external_ref = p.external_ref)
union all
select i.slug, 'task', 'missing_in_odoo', t.external_ref, null, t.name, null
  from inst i cross join seed_tasks t
 where not exists (select from st where st.instance_id = i.id and st.external_ref = t.external_ref)
union all
select i.slug, 'project', 'orphan_in_odoo', s.external_ref, s.odoo_id, null, s.name
  from inst i join odoo_seed.shadow_projects s on s.instance_id = i.id
 where s.external_ref is not null and not exists (select from odoo_seed.projects p where p.external_ref = s.external_ref)
union all
select i.slug, 'task', 'orphan_in_odoo', s.external_ref, s.odoo_id, null, s.name
  from inst i join odoo_seed.shadow_tasks s on s.instance_id = i.id
 where s.external_ref is not null and not exists (select from odoo_seed.tasks t where t.external_ref = s.external_ref)
union all
select i.slug, 'project', 'duplicate_in_odoo', s.external_ref, min(s.odoo_id), '1 record', count(*) || ' records'
  from inst i join odoo_seed.shadow_projects s on s.instance_id = i.id
 where s.external_ref is not null group by i.slug, s.external_ref having count(*) > 1
union all
select i.slug, 'task', 'duplicate_in_odoo', s.external_ref, min(s.odoo_id), '1 record', count(*) || ' records'
  from inst i join odoo_seed.shadow_tasks s on s.instance_id = i.id
 where s.external_ref is not null group by i.slug, s.external_ref having count(*) > 1
union all
select i.slug, 'project', d.kind, p.external_ref, sp.odoo_id, d.expected, d.actual
  from inst i join sp on sp.instance_id = i.id join seed_projects p on p.external_ref = sp.external_ref
 cross join lateral (values
   ('name', p.name, sp.name),
   ('company', p.company_name, sp.company_name),
   ('manager', pg_catalog.lower(p.manager_email), pg_catalog.lower(sp.manager_login))
 ) as d (kind, expected, actual)
 where d.expected is distinct from d.actual
union all
select i.slug, 'task', d.kind, t.external_ref, st.odoo_id, d.expected, d.actual
  from inst i join st on st.instance_id = i.id join seed_tasks t on t.external_ref = st.external_ref
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
comment on view odoo_seed.drift is 'Every difference between odoo_seed definitions and the shadows of each active Odoo instance (instance, entity, kind, external_ref, odoo_id, expected, actual).';
