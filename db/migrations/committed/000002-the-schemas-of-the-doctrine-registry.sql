--! Previous: sha1:a555eb94ebf09e69d7585ca0785efbbe5538fa0f
--! Hash: sha1:3dce064b0310a0bbc2543eb6691f0fb082b2088b
--! Message: the schemas of the doctrine registry

-- The schemas of the doctrine registry (db/seeds/10_schemas.yaml), created empty here so that each
-- capability adds its tables to its own schema. Only exposed schemas (public, rag) are granted to
-- API roles; every other schema is reached through RPC entry points in `public`.
drop schema if exists odoo_seed;
drop schema if exists odoo;
drop schema if exists rag;
drop schema if exists control_plane;
drop schema if exists advisor;
drop schema if exists mirror;
drop schema if exists analytics;
drop schema if exists ai;
drop schema if exists audit;
drop schema if exists ops;

create schema ops;
comment on schema ops is 'Operational telemetry: the append-only event log, deployments, health checks, job runs, outbox.';
create schema audit;
comment on schema audit is 'Audit findings and recommendations produced by agents and checks.';
create schema ai;
comment on schema ai is 'Agent memory, context and AI outputs.';
create schema analytics;
comment on schema analytics is 'KPIs, metrics and analytical projections.';
create schema mirror;
comment on schema mirror is 'Read-only replicated or summarised copies of Odoo business data; Odoo stays canonical.';
create schema advisor;
comment on schema advisor is 'The hardening checklist, check results and lint findings.';
create schema control_plane;
comment on schema control_plane is 'Bots, the secret registry, per-bot grants and the secret access log.';
create schema rag;
comment on schema rag is 'Documents and chunks for hybrid retrieval; exposed: authenticated users read under RLS.';
grant usage on schema rag to anon, authenticated, service_role;
create schema odoo;
comment on schema odoo is 'The Odoo bridge: instances, signed webhook events, sync cursors, entity mappings.';
create schema odoo_seed;
comment on schema odoo_seed is 'Canonical project and task definitions pushed to Odoo, shadows of Odoo''s state, drift views.';
