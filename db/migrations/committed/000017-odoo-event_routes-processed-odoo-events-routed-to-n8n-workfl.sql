--! Previous: sha1:59f416522037dd7db2d7a6b6074ac62f31d904e8
--! Hash: sha1:f851bd313e8c7462c93c1ed9f09550070506e837
--! Message: odoo.event_routes: processed Odoo events routed to n8n workflows

-- odoo.event_routes: which processed Odoo events go to which n8n workflow. A processed event that
-- matches a route is queued to the outbox (signed, durable, retried) by odoo.route_webhook_event.
-- Drops first, in reverse order: this draft re-runs on every save.
drop table if exists odoo.event_routes;

create table odoo.event_routes (
  id bigint generated always as identity primary key,
  instance_slug text references odoo.instances (slug) on update cascade on delete cascade,
  model text not null check (model = '*' or model ~ '^[a-z_][a-z0-9_.]{0,99}$'),
  event_type text not null default '*' check (event_type = '*' or event_type ~ '^[A-Za-z0-9_.:-]{1,100}$'),
  n8n_path text not null check (n8n_path ~ '^[A-Za-z0-9_-][A-Za-z0-9_./-]{0,199}$' and n8n_path !~ '\.\.' and n8n_path !~ '//'),
  active boolean not null default false,
  description text,
  created_at timestamptz not null default now(),
  constraint event_routes_unique unique nulls not distinct (instance_slug, model, event_type, n8n_path)
);
comment on table odoo.event_routes is 'Routes of processed Odoo events to n8n: (instance, model, event type) → the n8n webhook path <n8n_base_url>/webhook/<n8n_path>.';
comment on column odoo.event_routes.instance_slug is 'The instance the route applies to; NULL for every instance.';
comment on column odoo.event_routes.model is 'Odoo model, e.g. project.task, or * for every model.';
comment on column odoo.event_routes.event_type is 'Event type, e.g. write, or * for every type.';
comment on column odoo.event_routes.active is 'Routes start inactive (set n8n_base_url, then `ssot odoo routes --enable ID`); reloading the seeds never changes it.';
comment on column odoo.event_routes.n8n_path is 'Path of the n8n webhook, appended to the vault secret n8n_base_url and /webhook/.';
-- the unique constraint's index starts with instance_slug: it indexes the foreign key
alter table odoo.event_routes enable row level security;
