--! Previous: sha1:bbcdd4a9e85ee16a709b89ad8f5f8c3811e5c5fb
--! Hash: sha1:f740047cd58b0189797dde7a16261c1059de9fcb
--! Message: catalog.schemas.api_usage and the schema private for the SECURITY DEFINER bodies of the RPCs

-- Enter migration here (drops first, in reverse order: this file re-runs on every save)

-- The registry says which schemas API roles may use without PostgREST exposing them: a schema that
-- holds only the SECURITY DEFINER bodies of the RPCs (the RPCs themselves are SECURITY INVOKER
-- wrappers in public), so a definer is never an endpoint of its own. ssot check holds such a schema
-- to that (api_usage_schema) and accepts the API roles' USAGE on it (schema_not_exposed).
alter table catalog.schemas drop column if exists api_usage;
alter table catalog.schemas add column api_usage boolean not null default false;
alter table catalog.schemas add constraint schemas_api_usage_not_exposed check (not (api_usage and exposed));
comment on column catalog.schemas.api_usage is 'API roles may hold USAGE on this schema to execute the SECURITY DEFINER functions it holds (the bodies of RPCs); PostgREST does not expose it. Only definer functions belong there.';

create schema if not exists private;
comment on schema private is 'The SECURITY DEFINER bodies of the PostgREST RPCs in public (odoo_webhook, control_plane_get_secret_logged, ops_emit): API roles may use it to execute what they are granted; PostgREST does not expose it. No tables, views or sequences.';
revoke all on schema private from public;
grant usage on schema private to anon, authenticated, service_role;
