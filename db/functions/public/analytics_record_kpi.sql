-- public.analytics_record_kpi: the PostgREST entry point (POST /rpc/analytics_record_kpi) for
-- service_role: records (upserts) a KPI value for a period and dimensions (analytics.kpi_values).
-- Bad input raises before anything is written: SS088 kpi, SS089 period_start, SS090 value, SS091
-- dimensions, SS073 provenance. A SECURITY INVOKER wrapper of private.analytics_record_kpi, the
-- definer that may write the schema (which is not exposed).
create or replace function public.analytics_record_kpi(kpi text, period_start timestamptz, value numeric, dimensions jsonb default '{}', provenance jsonb default '{}')
returns bigint
language sql volatile security invoker
set search_path = pg_catalog, pg_temp
as $$
  select private.analytics_record_kpi(analytics_record_kpi.kpi, analytics_record_kpi.period_start, analytics_record_kpi.value, analytics_record_kpi.dimensions, analytics_record_kpi.provenance)
$$;
comment on function public.analytics_record_kpi(text, timestamptz, numeric, jsonb, jsonb) is 'RPC: records (upserts) a KPI value for a period and dimensions (analytics.kpi_values); SS088 kpi, SS089 period_start, SS090 value, SS091 dimensions, SS073 provenance (service_role only; SECURITY INVOKER; the body is private.analytics_record_kpi).';
revoke execute on function public.analytics_record_kpi(text, timestamptz, numeric, jsonb, jsonb) from public, anon, authenticated;
grant execute on function public.analytics_record_kpi(text, timestamptz, numeric, jsonb, jsonb) to service_role;
