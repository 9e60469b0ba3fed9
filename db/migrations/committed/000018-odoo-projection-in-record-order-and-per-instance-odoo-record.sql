--! Previous: sha1:f851bd313e8c7462c93c1ed9f09550070506e837
--! Hash: sha1:de73c0350f460b6303e64dbf71983d94dc014038
--! Message: Odoo projection in record order and per instance: odoo.record_versions (older events are skipped); shadows keyed by (instance_id, odoo_id), sync runs name their instance, written-back Odoo ids per instance (odoo_seed.project_odoo_ids, task_odoo_ids); odoo.sync_cursors.last_full_at for incremental pulls

-- odoo.record_versions: per instance, model and Odoo record, the version (Odoo's write_date, else
-- the signed timestamp of the event) of the state the projection holds, deletions included
-- (a tombstone), so that an older event processed late is skipped instead of rolling the shadow
-- back. Written only by odoo.project_record. Drops first (this file re-runs on every save).
drop table if exists odoo.record_versions;

create table odoo.record_versions (
  instance_id uuid not null references odoo.instances (id) on delete cascade,
  model text not null check (model ~ '^[a-z_][a-z0-9_.]*$'),
  odoo_id integer not null,
  version timestamptz not null,
  deleted boolean not null default false,
  applied_at timestamptz not null default now(),
  constraint record_versions_pkey primary key (instance_id, model, odoo_id)
);
comment on table odoo.record_versions is 'Per instance, model and Odoo record: the version (write_date, else the signed timestamp) of the state projected, deletions included; older events are skipped.';
comment on column odoo.record_versions.version is 'Odoo''s write_date of the projected state (UTC), or the signed timestamp of an event that carried none.';
comment on column odoo.record_versions.deleted is 'The record was deleted (unlink event, or absent from a full pull): a tombstone.';
alter table odoo.record_versions enable row level security;

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

-- Incremental pulls: odoo.sync_cursors also records when the last full pull of a model ended (a
-- full pull is the one that sees records deleted in Odoo). Re-runs cleanly on every save.
alter table odoo.sync_cursors add column if not exists last_full_at timestamptz;
comment on column odoo.sync_cursors.last_full_at is 'When the last full pull of this model finished (NULL: never); `ssot odoo shadow` pulls in full again once it is older than --full-every.';
comment on column odoo.sync_cursors.last_write_date is 'The newest write_date pulled; the next incremental pull reads records with write_date >= it (Odoo keeps seconds: the same second is read again).';
