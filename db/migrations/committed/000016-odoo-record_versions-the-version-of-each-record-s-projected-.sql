--! Previous: sha1:f0ca952fe6cc897df21217b4666e926617963353
--! Hash: sha1:8cf08c4e04d7d3815e7fc977e78ceafe8024ad59
--! Message: odoo.record_versions: the version of each record's projected state, deletions included, so older events are skipped

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
