--! Previous: sha1:8cf08c4e04d7d3815e7fc977e78ceafe8024ad59
--! Hash: sha1:f936cdf32a836d69ec9e9b3d7ab004e68f3ff4e1
--! Message: Shadows, sync runs and written-back Odoo ids per instance: shadows keyed by (instance_id, odoo_id), odoo_seed.project_odoo_ids and task_odoo_ids replace the single id columns

-- Instances no longer collide: shadows are keyed by (instance_id, odoo_id), every sync run names its
-- instance, and the Odoo ids `ssot odoo seed` writes back are kept per instance
-- (odoo_seed.project_odoo_ids, task_odoo_ids) instead of in one column of the seed tables.
-- Existing shadows and written-back ids belong to the only instance when there is exactly one;
-- otherwise they cannot be attributed and are dropped (the next pull and seed write them again).
-- Drops first, in reverse order (this file re-runs on every save).
drop table if exists odoo_seed.task_odoo_ids;
drop table if exists odoo_seed.project_odoo_ids;

create table odoo_seed.project_odoo_ids (
  instance_id uuid not null references odoo.instances (id) on delete cascade,
  external_ref text not null references odoo_seed.projects (external_ref) on delete cascade on update cascade,
  odoo_id integer not null,
  written_at timestamptz not null default now(),
  primary key (instance_id, external_ref)
);
create index project_odoo_ids_external_ref_idx on odoo_seed.project_odoo_ids (external_ref);
comment on table odoo_seed.project_odoo_ids is 'Per instance, the Odoo project.project id of each canonical project, written back by `ssot odoo seed`.';
alter table odoo_seed.project_odoo_ids enable row level security;

create table odoo_seed.task_odoo_ids (
  instance_id uuid not null references odoo.instances (id) on delete cascade,
  external_ref text not null references odoo_seed.tasks (external_ref) on delete cascade on update cascade,
  odoo_id integer not null,
  written_at timestamptz not null default now(),
  primary key (instance_id, external_ref)
);
create index task_odoo_ids_external_ref_idx on odoo_seed.task_odoo_ids (external_ref);
comment on table odoo_seed.task_odoo_ids is 'Per instance, the Odoo project.task id of each canonical task, written back by `ssot odoo seed`.';
alter table odoo_seed.task_odoo_ids enable row level security;

-- The drift views select odoo_seed.projects.* (the dropped column): they are re-created with an
-- instance column by their definition files, which change with this migration.
drop view if exists odoo_seed.v_assignee_drift, odoo_seed.v_dependency_drift, odoo_seed.v_missing_in_odoo,
  odoo_seed.v_name_drift, odoo_seed.v_orphan_in_odoo, odoo_seed.v_stage_drift;
drop view if exists odoo_seed.drift;

do $$
declare
  t text;
begin
  -- the ids written back so far, and the shadows, to the only instance (when there is exactly one)
  if exists (select from pg_catalog.pg_attribute a
              where a.attrelid = 'odoo_seed.projects'::regclass and a.attname = 'odoo_project_id' and not a.attisdropped) then
    insert into odoo_seed.project_odoo_ids (instance_id, external_ref, odoo_id)
    select i.id, p.external_ref, p.odoo_project_id
      from odoo_seed.projects p cross join odoo.instances i
     where p.odoo_project_id is not null and (select count(*) from odoo.instances) = 1;
    insert into odoo_seed.task_odoo_ids (instance_id, external_ref, odoo_id)
    select i.id, k.external_ref, k.odoo_task_id
      from odoo_seed.tasks k cross join odoo.instances i
     where k.odoo_task_id is not null and (select count(*) from odoo.instances) = 1;
    alter table odoo_seed.projects drop column odoo_project_id;
    alter table odoo_seed.tasks drop column odoo_task_id;
  end if;
  foreach t in array array['shadow_projects', 'shadow_tasks'] loop
    if not exists (select from pg_catalog.pg_attribute a
                    where a.attrelid = pg_catalog.format('odoo_seed.%I', t)::regclass and a.attname = 'instance_id' and not a.attisdropped) then
      execute pg_catalog.format('alter table odoo_seed.%I add column instance_id uuid references odoo.instances (id) on delete cascade', t);
      execute pg_catalog.format('update odoo_seed.%I set instance_id = (select i.id from odoo.instances i) where (select count(*) from odoo.instances) = 1', t);
      execute pg_catalog.format('delete from odoo_seed.%I where instance_id is null', t);
      execute pg_catalog.format('alter table odoo_seed.%I alter column instance_id set not null', t);
      execute pg_catalog.format('alter table odoo_seed.%I drop constraint %I', t, t || '_pkey');
      execute pg_catalog.format('alter table odoo_seed.%I add constraint %I primary key (instance_id, odoo_id)', t, t || '_pkey');
    end if;
  end loop;
end
$$;
comment on column odoo_seed.shadow_projects.instance_id is 'The Odoo instance this shadow is of; with odoo_id, the key.';
comment on column odoo_seed.shadow_tasks.instance_id is 'The Odoo instance this shadow is of; with odoo_id, the key.';
drop index if exists odoo_seed.shadow_projects_external_ref_idx;
create index if not exists shadow_projects_instance_external_ref_idx on odoo_seed.shadow_projects (instance_id, external_ref);
drop index if exists odoo_seed.shadow_tasks_external_ref_idx;
drop index if exists odoo_seed.shadow_tasks_project_odoo_id_idx;
create index if not exists shadow_tasks_instance_external_ref_idx on odoo_seed.shadow_tasks (instance_id, external_ref);
create index if not exists shadow_tasks_instance_project_odoo_id_idx on odoo_seed.shadow_tasks (instance_id, project_odoo_id);

alter table odoo_seed.sync_runs add column if not exists instance_id uuid references odoo.instances (id) on delete set null;
create index if not exists sync_runs_instance_id_idx on odoo_seed.sync_runs (instance_id);
comment on column odoo_seed.sync_runs.instance_id is 'The Odoo instance pushed to or pulled from (NULL: a run from before runs named their instance, or a deleted instance).';
