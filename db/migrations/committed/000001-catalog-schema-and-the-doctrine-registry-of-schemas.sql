--! Previous: -
--! Hash: sha1:a555eb94ebf09e69d7585ca0785efbbe5538fa0f
--! Message: catalog schema and the doctrine registry of schemas

-- The doctrine registry of schemas lives in `catalog`; later migrations add the other schemas.
drop table if exists catalog.schemas;
drop schema if exists catalog;

create schema catalog;
comment on schema catalog is 'Asset registry keyed by FQDN, lineage, and the doctrine registry of schemas.';

create table catalog.schemas (
  name text primary key check (name ~ '^[a-z_][a-z0-9_]{0,62}$'),
  owner text not null check (owner in ('supabase', 'odoo')),
  exposed boolean not null default false,
  rls_required boolean not null default true,
  purpose text not null,
  check (not exposed or rls_required)
);
comment on table catalog.schemas is 'Doctrine registry (seeded from db/seeds): every schema, its data owner, whether PostgREST exposes it and whether RLS is mandatory.';
comment on column catalog.schemas.owner is 'supabase: platform-owned data; odoo: mirrored from Odoo, which stays canonical.';
comment on column catalog.schemas.exposed is 'True when PostgREST serves the schema (the one list of exposed schemas).';
alter table catalog.schemas enable row level security;
