-- public.audit_resolve_finding: the PostgREST entry point (POST /rpc/audit_resolve_finding) for
-- service_role: closes an open audit finding as resolved or dismissed and emits
-- audit.finding_resolved; false when it was already closed. Bad input raises before anything is
-- written: SS085 finding_id, SS086 status, SS087 note. A SECURITY INVOKER wrapper of
-- private.audit_resolve_finding, the definer that may write the schema (which is not exposed).
create or replace function public.audit_resolve_finding(finding_id bigint, status text default 'resolved', note text default null)
returns boolean
language sql volatile security invoker
set search_path = pg_catalog, pg_temp
as $$
  select private.audit_resolve_finding(audit_resolve_finding.finding_id, audit_resolve_finding.status, audit_resolve_finding.note)
$$;
comment on function public.audit_resolve_finding(bigint, text, text) is 'RPC: closes an open audit finding as resolved or dismissed and emits audit.finding_resolved; false when it was already closed; SS085 finding_id, SS086 status, SS087 note (service_role only; SECURITY INVOKER; the body is private.audit_resolve_finding).';
revoke execute on function public.audit_resolve_finding(bigint, text, text) from public, anon, authenticated;
grant execute on function public.audit_resolve_finding(bigint, text, text) to service_role;
