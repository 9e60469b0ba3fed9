-- ssot_meta: the engine's bookkeeping, created on first use (every apply runs this; idempotent).
create schema if not exists ssot_meta;
comment on schema ssot_meta is 'ssot''s own bookkeeping (definition checksums); never exposed to API roles.';
create table if not exists ssot_meta.definitions (
  key text primary key,
  checksum text not null,
  applied_at timestamptz not null default now()
);
comment on table ssot_meta.definitions is 'Checksum of each definition file as last applied.';
create table if not exists ssot_meta.state (
  key text primary key,
  value text not null
);
comment on table ssot_meta.state is 'Key/value bookkeeping, e.g. the migration fingerprint definitions were applied at.';
create table if not exists ssot_meta.definition_objects (
  kind text not null check (kind in ('function', 'view', 'policy', 'trigger')),
  identity text not null,
  key text not null,
  source text not null default 'project',
  rel text,
  name text,
  drop_sql text not null,
  primary key (kind, identity)
);
comment on table ssot_meta.definition_objects is 'The definition file (key, within source: the project''s db/ or a folder of tests) that created each function, view, policy and trigger: deleting the file, or the object from it, drops the object on the next apply.';
revoke all on schema ssot_meta from public;
