-- public.audit_record_finding: the PostgREST entry point (POST /rpc/audit_record_finding) for
-- service_role: records an audit finding, or one more occurrence of the open finding with the same
-- source, subject and title (audit.findings); a new one emits audit.finding_recorded. Bad input
-- raises before anything is written: SS080 source, SS081 severity, SS075 subject, SS082 title,
-- SS083 detail, SS084 recommendation. A SECURITY INVOKER wrapper of private.audit_record_finding,
-- the definer that may write the schema (which is not exposed).
create or replace function public.audit_record_finding(source text, severity text, subject text, title text, detail text default '', recommendation text default '')
returns bigint
language sql volatile security invoker
set search_path = pg_catalog, pg_temp
as $$
  select private.audit_record_finding(audit_record_finding.source, audit_record_finding.severity, audit_record_finding.subject, audit_record_finding.title, audit_record_finding.detail, audit_record_finding.recommendation)
$$;
comment on function public.audit_record_finding(text, text, text, text, text, text) is 'RPC: records an audit finding, or one more occurrence of the open finding with the same source, subject and title (audit.findings); a new one emits audit.finding_recorded; SS080 source, SS081 severity, SS075 subject, SS082 title, SS083 detail, SS084 recommendation (service_role only; SECURITY INVOKER; the body is private.audit_record_finding).';
revoke execute on function public.audit_record_finding(text, text, text, text, text, text) from public, anon, authenticated;
grant execute on function public.audit_record_finding(text, text, text, text, text, text) to service_role;
