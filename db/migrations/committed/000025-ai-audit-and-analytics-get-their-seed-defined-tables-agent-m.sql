--! Previous: sha1:deaedf27d32181193e4501ab1b2277920de23fbe
--! Hash: sha1:ef820664545951ca3c45febc6286146ca14a2c2a
--! Message: ai, audit and analytics get their seed-defined tables: agent memory and AI outputs, audit findings, KPI values; catalog.schemas lists each schema's core relations

-- The doctrine schemas get what the seeds put there: ai (agent memory and AI outputs), audit (audit
-- findings and recommendations) and analytics (KPI values; its read models are views in
-- db/functions/analytics). Every table has RLS and no grant to an API role: service_role writes
-- through the RPCs in public (SECURITY INVOKER wrappers of definers in private), each input bounded
-- with its own SQLSTATE. The registry (catalog.schemas) lists the core relations of each schema, so
-- that `ssot check` fails when a schema or one of them is missing.
drop view if exists analytics.audit_findings_open; -- a definition (db/functions/analytics) reading audit.findings
drop table if exists analytics.kpi_values;
drop table if exists audit.findings;
drop table if exists ai.outputs;
drop table if exists ai.agent_memories;
alter table catalog.schemas drop column if exists core_relations;

------------------------------------------------------------------------------------------------
-- catalog.schemas: the core relations of a schema.
------------------------------------------------------------------------------------------------
alter table catalog.schemas add column core_relations text[] not null default '{}'
  check (pg_catalog.cardinality(core_relations) <= 64
         and pg_catalog.array_to_string(core_relations, ',') ~ '^([a-z_][a-z0-9_]{0,62}(,[a-z_][a-z0-9_]{0,62})*)?$');
comment on column catalog.schemas.core_relations is 'Tables and views the schema must hold (unqualified names); `ssot check` fails schema_contents when the schema or one of them is missing.';

------------------------------------------------------------------------------------------------
-- ai: agent memory and AI outputs. Who wrote a row: the request's JWT subject, else its role,
-- else the session user (created_by, updated_by).
------------------------------------------------------------------------------------------------
create table ai.agent_memories (
  id bigint generated always as identity primary key,
  agent text not null check (agent ~ '^[a-z0-9][a-z0-9_.-]{0,62}$'),
  key text not null check (key <> '' and length(key) <= 200),
  value jsonb not null check (pg_column_size(value) <= 65536),
  provenance jsonb not null default '{}' check (jsonb_typeof(provenance) = 'object' and pg_column_size(provenance) <= 8192),
  created_at timestamptz not null default now(),
  created_by text not null default left(coalesce(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub',
                                                 nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role', session_user::text), 200),
  updated_at timestamptz not null default now(),
  updated_by text not null default left(coalesce(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub',
                                                 nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role', session_user::text), 200),
  check (updated_at >= created_at),
  unique (agent, key)
);
comment on table ai.agent_memories is 'Agent memory and context: one value per agent and key, with where it came from; written by service_role through public.ai_remember, read through public.ai_recall.';
comment on column ai.agent_memories.agent is 'The agent that remembers (lowercase, at most 63 characters, e.g. n8n-orchestrator).';
comment on column ai.agent_memories.key is 'What is remembered, unique per agent (at most 200 characters).';
comment on column ai.agent_memories.value is 'The remembered value (any JSON, at most 64 kB).';
comment on column ai.agent_memories.provenance is 'Where the value came from: a JSON object (source, model, run, documents …), at most 8 kB.';
comment on column ai.agent_memories.created_by is 'Who wrote it first: the request''s JWT subject, else its role, else the session user.';
comment on column ai.agent_memories.updated_by is 'Who wrote the current value (same rule as created_by).';
alter table ai.agent_memories enable row level security;

create table ai.outputs (
  id bigint generated always as identity primary key,
  agent text not null check (agent ~ '^[a-z0-9][a-z0-9_.-]{0,62}$'),
  kind text not null check (kind ~ '^[a-z][a-z0-9_.-]{0,62}$'),
  subject text not null check (subject <> '' and length(subject) <= 300),
  content jsonb not null check (pg_column_size(content) <= 262144),
  provenance jsonb not null default '{}' check (jsonb_typeof(provenance) = 'object' and pg_column_size(provenance) <= 8192),
  created_at timestamptz not null default now(),
  created_by text not null default left(coalesce(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub',
                                                 nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role', session_user::text), 200)
);
comment on table ai.outputs is 'AI outputs (summaries, classifications, annotations, derived fields) about a subject, as an agent produced them; written by service_role through public.ai_record_output, never stored in Odoo.';
comment on column ai.outputs.kind is 'What the output is, e.g. summary, classification, annotation (lowercase, at most 63 characters).';
comment on column ai.outputs.subject is 'What the output is about: an asset FQDN or an entity reference (at most 300 characters).';
comment on column ai.outputs.content is 'The output itself (any JSON, at most 256 kB).';
comment on column ai.outputs.provenance is 'How it was produced: a JSON object (model, prompt, inputs …), at most 8 kB.';
comment on column ai.outputs.created_by is 'Who recorded it: the request''s JWT subject, else its role, else the session user.';
create index outputs_subject_idx on ai.outputs (subject, created_at desc);
create index outputs_agent_idx on ai.outputs (agent, created_at desc);
alter table ai.outputs enable row level security;

------------------------------------------------------------------------------------------------
-- audit: findings and recommendations. An open finding is unique by (source, subject, title):
-- recording it again counts an occurrence instead of adding a row.
------------------------------------------------------------------------------------------------
create table audit.findings (
  id bigint generated always as identity primary key,
  source text not null check (source ~ '^[a-z0-9][a-z0-9_.:-]{0,99}$'),
  severity text not null check (severity in ('critical', 'high', 'medium', 'low', 'info')),
  subject text not null check (subject <> '' and length(subject) <= 300),
  title text not null check (title <> '' and length(title) <= 200),
  detail text not null default '' check (length(detail) <= 10000),
  recommendation text not null default '' check (length(recommendation) <= 10000),
  status text not null default 'open' check (status in ('open', 'resolved', 'dismissed')),
  occurrences integer not null default 1 check (occurrences >= 1),
  last_seen_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  created_by text not null default left(coalesce(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub',
                                                 nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role', session_user::text), 200),
  resolved_at timestamptz,
  resolved_by text check (length(resolved_by) <= 200),
  resolution_note text check (length(resolution_note) <= 2000),
  check ((status = 'open') = (resolved_at is null)),
  check ((resolved_at is null) = (resolved_by is null)),
  check (resolved_at is null or resolved_at >= created_at),
  check (last_seen_at >= created_at)
);
comment on table audit.findings is 'Audit findings and recommendations from agents and checks (repository audits, platform audits, drift); written by service_role through public.audit_record_finding and closed through public.audit_resolve_finding.';
comment on column audit.findings.source is 'Who found it: the agent or check (lowercase, at most 100 characters, e.g. agent:bugbot, ssot.doctor).';
comment on column audit.findings.severity is 'critical, high, medium, low or info.';
comment on column audit.findings.subject is 'What it is about: a repository, an asset FQDN, a database object (at most 300 characters).';
comment on column audit.findings.title is 'The finding in one line (at most 200 characters); with source and subject it identifies an open finding.';
comment on column audit.findings.detail is 'What was seen (at most 10,000 characters).';
comment on column audit.findings.recommendation is 'What to do about it (at most 10,000 characters).';
comment on column audit.findings.status is 'open, resolved or dismissed; resolved_at is set exactly when it is not open.';
comment on column audit.findings.occurrences is 'How many times the open finding was recorded.';
comment on column audit.findings.last_seen_at is 'When it was last recorded.';
comment on column audit.findings.created_by is 'Who recorded it first: the request''s JWT subject, else its role, else the session user.';
comment on column audit.findings.resolved_at is 'When it was resolved or dismissed (NULL while open).';
comment on column audit.findings.resolved_by is 'Who resolved or dismissed it (same rule as created_by).';
comment on column audit.findings.resolution_note is 'Why it was closed (at most 2,000 characters).';
create unique index findings_open_key on audit.findings (source, subject, title) where status = 'open';
create index findings_open_severity_idx on audit.findings (severity, last_seen_at desc) where status = 'open';
create index findings_subject_idx on audit.findings (subject);
alter table audit.findings enable row level security;

------------------------------------------------------------------------------------------------
-- analytics: KPI values (metrics, aggregations) written directly by service_role, per the write
-- rules, through public.analytics_record_kpi. One value per KPI, period and dimensions.
------------------------------------------------------------------------------------------------
create table analytics.kpi_values (
  id bigint generated always as identity primary key,
  kpi text not null check (kpi ~ '^[a-z][a-z0-9_.]{0,99}$'),
  period_start timestamptz not null,
  dimensions jsonb not null default '{}' check (jsonb_typeof(dimensions) = 'object' and pg_column_size(dimensions) <= 1024),
  value numeric not null check (abs(value) < 1e18 and scale(value) <= 9),
  provenance jsonb not null default '{}' check (jsonb_typeof(provenance) = 'object' and pg_column_size(provenance) <= 8192),
  created_at timestamptz not null default now(),
  created_by text not null default left(coalesce(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub',
                                                 nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role', session_user::text), 200),
  updated_at timestamptz not null default now(),
  check (updated_at >= created_at),
  unique (kpi, period_start, dimensions)
);
comment on table analytics.kpi_values is 'KPI and metric values per period and dimensions (analytical projections of Odoo and platform data); Supabase wins for analytical truth. Written by service_role through public.analytics_record_kpi.';
comment on column analytics.kpi_values.kpi is 'The KPI, dotted lowercase (at most 100 characters), e.g. finance.ar_overdue_total.';
comment on column analytics.kpi_values.period_start is 'Start of the period the value covers.';
comment on column analytics.kpi_values.dimensions is 'What the value is broken down by (a JSON object of at most 1 kB, e.g. {"company": "acme"}); {} for the total.';
comment on column analytics.kpi_values.value is 'The value: finite, under 1e18 in magnitude, at most 9 decimals.';
comment on column analytics.kpi_values.provenance is 'How it was computed (query, source system, run), a JSON object of at most 8 kB.';
comment on column analytics.kpi_values.created_by is 'Who recorded it first: the request''s JWT subject, else its role, else the session user.';
alter table analytics.kpi_values enable row level security;
