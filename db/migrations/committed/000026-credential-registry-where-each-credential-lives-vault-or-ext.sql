--! Previous: sha1:ef820664545951ca3c45febc6286146ca14a2c2a
--! Hash: sha1:ea4c76fbbf2163ebb85c957e15b73a6bb710347c
--! Message: Credential registry: where each credential lives (vault or external, held_by), exposure columns, dotted names for per-instance webhook keys (registered with the instance), hourly webhook key use kept past the purge, Superset's read-only account superset_reader on the analytics read models

-- The credential registry, complete (issue 15): where each credential lives (the vault, or an
-- external system named in held_by), exposure, the webhook keys registered per instance, and the
-- hourly accounting of webhook key use kept past the purge of webhook events.

-- a registry name: lower-case words with underscores, optionally dotted segments that may hold
-- dashes (odoo.<slug>.webhook_secret, the name of a per-instance webhook key); 127 characters at most
alter table control_plane.secrets drop constraint if exists secrets_name_check;
alter table control_plane.secrets add constraint secrets_name_check
  check (char_length(name) <= 127 and name ~ '^[a-z][a-z0-9_]*([.][a-z0-9][a-z0-9_-]*)*$' and char_length(name) >= 2);

alter table control_plane.secrets add column if not exists location text not null default 'vault';
alter table control_plane.secrets add column if not exists held_by text;
alter table control_plane.secrets add column if not exists registered_for text;
alter table control_plane.secrets add column if not exists exposed_at timestamptz;
alter table control_plane.secrets add column if not exists exposed_reason text;
alter table control_plane.secrets drop constraint if exists secrets_location_check;
alter table control_plane.secrets add constraint secrets_location_check check (
  location in ('vault', 'external')
  and (location = 'external') = (held_by is not null)
  and (location = 'vault' or vault_secret_id is null)
  and (held_by is null or char_length(held_by) between 3 and 200));
alter table control_plane.secrets drop constraint if exists secrets_exposed_check;
alter table control_plane.secrets add constraint secrets_exposed_check check (
  (exposed_at is null) = (exposed_reason is null) and (exposed_reason is null or char_length(exposed_reason) between 1 and 500));
comment on column control_plane.secrets.location is 'Where the value lives: vault (Supabase Vault, set with ssot secret set) or external (a system named in held_by; ssot never holds the value and records its rotations with ssot secret rotated).';
comment on column control_plane.secrets.held_by is 'For an external credential, the system that holds it (e.g. the Supabase dashboard, Superset''s datasource); NULL for a vault secret.';
comment on column control_plane.secrets.registered_for is 'Set when the row was registered by the platform for an object rather than declared in a seed: odoo.instances <slug> for an instance''s webhook key.';
comment on column control_plane.secrets.exposed_at is 'When the credential was marked exposed (ssot secret exposed): due for rotation now, the secret_exposed lint at ERROR, until a new value is set or a rotation is recorded.';
comment on column control_plane.secrets.exposed_reason is 'Why it was marked exposed (free text, never a value).';

-- the hourly count of signed webhook events per instance, kept when the events themselves are
-- purged (ops.purge_history rolls the hours up first), so a key's use outlives the events
create table if not exists odoo.webhook_key_use (
  instance_id uuid not null references odoo.instances (id) on delete cascade,
  hour timestamptz not null check (hour = date_bin('1 hour', hour, timestamptz '2000-01-01 00:00:00+00')),
  events bigint not null check (events >= 0),
  primary key (instance_id, hour)
);
comment on table odoo.webhook_key_use is 'Signed webhook events per instance and hour (each one a use of the instance''s webhook key), rolled up from odoo.webhook_events before ops.purge_history deletes them.';
alter table odoo.webhook_key_use enable row level security;

-- each Odoo instance's webhook key is a registered credential, registered with the instance (the
-- trigger odoo.instances_webhook_key does it from now on); the ones that exist already:
update control_plane.secrets s
   set registered_for = 'odoo.instances ' || i.slug
  from odoo.instances i
 where i.webhook_secret_name = s.name and s.registered_for is null;
insert into control_plane.secrets (name, owner, cadence, description, registered_for)
select i.webhook_secret_name, 'platform', 'quarterly',
       format('HMAC key Odoo instance %s signs its webhooks to this database with (x-ipai-signature).', i.slug),
       'odoo.instances ' || i.slug
  from odoo.instances i
 where char_length(i.webhook_secret_name) between 2 and 127
   and i.webhook_secret_name ~ '^[a-z][a-z0-9_]*([.][a-z0-9][a-z0-9_-]*)*$'
on conflict (name) do nothing;
-- n8n verifies nothing Odoo signs: its read grant on the webhook key was never used
delete from control_plane.secret_grants where bot_id = 'n8n-orchestrator' and secret_name = 'odoo_webhook_secret';
-- the seeded row of the webhook key no instance uses (a fresh project's instance registers its own)
delete from control_plane.secrets s
 where s.name = 'odoo_webhook_secret' and s.registered_for is null and s.vault_secret_id is null
   and not exists (select from odoo.instances i where i.webhook_secret_name = s.name);

-- Superset's read-only account on Supabase (seed 003 §5, secondary source): it may SELECT the
-- analytics read models and nothing else; read-only transactions and a statement timeout. No
-- password here: it cannot log in until one is set out of band (its registry row says where it
-- lives), so no SQL text ever carries it.
do $$
begin
  if not exists (select from pg_catalog.pg_roles where rolname = 'superset_reader') then
    create role superset_reader login noinherit nosuperuser nocreatedb nocreaterole noreplication nobypassrls connection limit 10;
  end if;
end
$$;
comment on role superset_reader is 'Superset''s read-only account: SELECT on the analytics read models only (seed 003 §5).';
alter role superset_reader set default_transaction_read_only = on;
alter role superset_reader set statement_timeout = '30s';
alter role superset_reader set search_path = analytics;
grant usage on schema analytics to superset_reader;
-- the read models (views) grant it SELECT in their own files (db/functions/analytics/); the table here
grant select on analytics.kpi_values to superset_reader;
drop policy if exists kpi_values_superset_read on analytics.kpi_values;
create policy kpi_values_superset_read on analytics.kpi_values for select to superset_reader using (true);
comment on policy kpi_values_superset_read on analytics.kpi_values is 'Superset''s read-only account reads every KPI value (it has no write privilege).';
