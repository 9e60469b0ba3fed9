-- catalog.valid_fqdn / catalog.sync_local(): the asset registry's FQDN rule, and registration of
-- this database's own tables and views as assets supabase.<database>.<schema>.<relation>, with
-- lineage edges from each view to the relations it reads.
create or replace function catalog.valid_fqdn(fqdn text) returns boolean
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select fqdn ~ '^[a-z][a-z0-9_-]*\.[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_.]*$' and fqdn !~ '\.\.|\.$'
$$;
comment on function catalog.valid_fqdn(text) is 'True when fqdn has the form system.db.model (lowercase; the model may contain dots, e.g. account.move).';
revoke execute on function catalog.valid_fqdn(text) from public;

create or replace function catalog.register_asset(fqdn text, asset_type text, description text default null, metadata jsonb default '{}')
returns text
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  if fqdn is null or not catalog.valid_fqdn(fqdn) then
    raise exception 'catalog: % is not a valid FQDN: expected system.db.model in lowercase, e.g. odoo.prod.account.move', coalesce(quote_literal(fqdn), 'NULL')
      using errcode = 'SS101';
  end if;
  if asset_type is null or asset_type not in ('table', 'view', 'materialized_view', 'function', 'model', 'dataset', 'dashboard', 'workflow', 'external') then
    raise exception 'catalog: asset type % is unknown: expected table, view, materialized_view, function, model, dataset, dashboard, workflow or external', coalesce(quote_literal(asset_type), 'NULL')
      using errcode = 'SS102';
  end if;
  insert into catalog.assets as a (fqdn, asset_type, description, metadata)
  values (register_asset.fqdn, register_asset.asset_type, register_asset.description, coalesce(register_asset.metadata, '{}'))
  on conflict on constraint assets_pkey do update
    set asset_type = excluded.asset_type, description = excluded.description, metadata = excluded.metadata, updated_at = now()
    where (a.asset_type, a.description, a.metadata) is distinct from (excluded.asset_type, excluded.description, excluded.metadata);
  return fqdn;
end
$$;
comment on function catalog.register_asset(text, text, text, jsonb) is 'Register or update an asset by FQDN; SS101 on an invalid FQDN, SS102 on an unknown asset type.';
revoke execute on function catalog.register_asset(text, text, text, jsonb) from public;

create or replace function catalog.add_lineage(upstream text, downstream text, relation text default 'derives')
returns void
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  if not exists (select from catalog.assets a where a.fqdn = upstream) or not exists (select from catalog.assets a where a.fqdn = downstream) then
    raise exception 'catalog: lineage % -> % names an unregistered asset: register both first', upstream, downstream using errcode = 'SS103';
  end if;
  if upstream = downstream then
    raise exception 'catalog: an asset cannot derive from itself (%)', upstream using errcode = 'SS104';
  end if;
  insert into catalog.lineage (upstream, downstream, relation) values (add_lineage.upstream, add_lineage.downstream, add_lineage.relation)
  on conflict do nothing;
end
$$;
comment on function catalog.add_lineage(text, text, text) is 'Record that downstream derives from (mirrors, reads, writes) upstream; SS103 when either is unregistered, SS104 for a self edge.';
revoke execute on function catalog.add_lineage(text, text, text) from public;

-- catalog.local_relations: this database's tables and views of our schemas, as the assets
-- catalog.sync_local registers (no temporary table: plpgsql_check sees every relation it reads)
create or replace function catalog.local_relations(prefix text)
returns table (oid oid, fqdn text, asset_type text, description text, metadata jsonb)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select k.oid, prefix || n.nspname || '.' || k.relname,
         case k.relkind when 'v' then 'view' when 'm' then 'materialized_view' else 'table' end,
         pg_catalog.obj_description(k.oid, 'pg_class'),
         pg_catalog.jsonb_build_object('schema', n.nspname, 'relation', k.relname, 'relkind', k.relkind,
                                       'rls', k.relrowsecurity, 'partitioned', k.relkind = 'p')
  from pg_catalog.pg_class k join pg_catalog.pg_namespace n on n.oid = k.relnamespace
  where k.relkind in ('r', 'p', 'v', 'm') and not k.relispartition and advisor.is_ours(n.nspname)
    and n.nspname ~ '^[a-z_][a-z0-9_]*$' and k.relname ~ '^[a-z_][a-z0-9_]*$'
$$;
comment on function catalog.local_relations(text) is 'The tables and views of our schemas as assets of this database (fqdn = prefix || schema.relation, asset type, description, metadata): what catalog.sync_local registers.';
revoke execute on function catalog.local_relations(text) from public;

create or replace function catalog.sync_local(out registered int, out removed int, out edges int)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_prefix text := 'supabase.' || pg_catalog.regexp_replace(pg_catalog.lower(pg_catalog.current_database()), '[^a-z0-9_]', '_', 'g') || '.';
begin
  with up as (
    insert into catalog.assets as a (fqdn, asset_type, description, metadata)
    select r.fqdn, r.asset_type, r.description, r.metadata from catalog.local_relations(v_prefix) r
    on conflict on constraint assets_pkey do update
      set asset_type = excluded.asset_type, description = excluded.description, metadata = excluded.metadata, updated_at = pg_catalog.now()
      where (a.asset_type, a.description, a.metadata) is distinct from (excluded.asset_type, excluded.description, excluded.metadata)
    returning 1)
  select count(*)::integer into registered from up;

  with gone as (
    delete from catalog.assets a
    where a.fqdn like v_prefix || '%' and not exists (select from catalog.local_relations(v_prefix) r where r.fqdn = a.fqdn)
    returning 1)
  select count(*)::integer into removed from gone;

  with rel as materialized (select r.oid, r.fqdn from catalog.local_relations(v_prefix) r),
  e as (
    insert into catalog.lineage (upstream, downstream, relation)
    select distinct src.fqdn, dst.fqdn, 'derives'
    from pg_catalog.pg_rewrite w
    join pg_catalog.pg_depend d on d.classid = 'pg_catalog.pg_rewrite'::regclass and d.objid = w.oid and d.refclassid = 'pg_catalog.pg_class'::regclass
    join rel dst on dst.oid = w.ev_class
    join rel src on src.oid = d.refobjid
    where src.oid <> dst.oid
    on conflict do nothing
    returning 1)
  select count(*)::integer into edges from e;
end
$$;
comment on function catalog.sync_local() is 'Register this database''s tables and views (our schemas) as assets supabase.<db>.<schema>.<relation>, remove vanished ones, and add view lineage; returns the counts changed.';
revoke execute on function catalog.sync_local() from public;
