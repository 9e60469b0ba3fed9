-- private.analytics_record_kpi: the SECURITY DEFINER body of public.analytics_record_kpi, the write
-- path of KPI values (analytics.kpi_values): analytics are written to Supabase directly by
-- service_role. One value per KPI, period and dimensions: recording it again replaces the value.
-- Inputs bounded before anything is written: SS088 kpi, SS089 period_start, SS090 value,
-- SS091 dimensions, SS073 provenance.
create or replace function private.analytics_record_kpi(
  kpi text, period_start timestamptz, value numeric, dimensions jsonb default '{}', provenance jsonb default '{}'
) returns bigint
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_id bigint;
begin
  if kpi is null or pg_catalog.char_length(kpi) > 100 or kpi !~ '^[a-z][a-z0-9_.]{0,99}$' then
    raise exception 'analytics_record_kpi: kpi must match ^[a-z][a-z0-9_.]{0,99}$ (got % characters)', coalesce(pg_catalog.char_length(kpi), 0)
      using errcode = 'SS088';
  end if;
  if period_start is null or not pg_catalog.isfinite(period_start) then
    raise exception 'analytics_record_kpi: period_start must be a finite timestamp' using errcode = 'SS089';
  end if;
  if value is null or not coalesce(pg_catalog.abs(value) < 1e18 and pg_catalog.scale(value) <= 9, false) then
    raise exception 'analytics_record_kpi: value must be finite, under 1e18 in magnitude, with at most 9 decimals' using errcode = 'SS090';
  end if;
  if dimensions is null or pg_catalog.jsonb_typeof(dimensions) <> 'object' or pg_catalog.pg_column_size(dimensions) > 1024 then
    raise exception 'analytics_record_kpi: dimensions must be a JSON object of at most 1 kB' using errcode = 'SS091';
  end if;
  if provenance is null or pg_catalog.jsonb_typeof(provenance) <> 'object' or pg_catalog.pg_column_size(provenance) > 8192 then
    raise exception 'analytics_record_kpi: provenance must be a JSON object of at most 8 kB' using errcode = 'SS073';
  end if;
  insert into analytics.kpi_values as k (kpi, period_start, value, dimensions, provenance)
  values (analytics_record_kpi.kpi, analytics_record_kpi.period_start, analytics_record_kpi.value,
          analytics_record_kpi.dimensions, analytics_record_kpi.provenance)
  on conflict (kpi, period_start, dimensions) do update
     set value = excluded.value, provenance = excluded.provenance, updated_at = greatest(pg_catalog.now(), k.created_at)
  returning k.id into v_id;
  return v_id;
end
$$;
comment on function private.analytics_record_kpi(text, timestamptz, numeric, jsonb, jsonb) is 'RPC: the body of public.analytics_record_kpi: records (upserts) the value of a KPI for a period and dimensions; SS088 kpi, SS089 period_start, SS090 value, SS091 dimensions, SS073 provenance.';
revoke execute on function private.analytics_record_kpi(text, timestamptz, numeric, jsonb, jsonb) from public, anon, authenticated;
grant execute on function private.analytics_record_kpi(text, timestamptz, numeric, jsonb, jsonb) to service_role;
