-- Policies of analytics.kpi_values (KPI values). The schema is not exposed: API roles reach it only through the
-- RPCs public.analytics_record_kpi (SECURITY DEFINER bodies in private), so no table privilege is granted to
-- them. The policy states who may read and write should a grant ever be given (service_role bypasses
-- RLS; it is here to be explicit); anon and authenticated have no policy and no grant.
drop policy if exists kpi_values_service_all on analytics.kpi_values;
create policy kpi_values_service_all on analytics.kpi_values
  for all to service_role
  using (true) with check (true);
comment on policy kpi_values_service_all on analytics.kpi_values is 'service_role reads and writes analytics.kpi_values (through public.analytics_record_kpi); anon and authenticated get nothing.';
revoke all on analytics.kpi_values from public, anon, authenticated, service_role;
