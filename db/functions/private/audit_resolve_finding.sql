-- private.audit_resolve_finding: the SECURITY DEFINER body of public.audit_resolve_finding: closes an
-- open audit finding as resolved or dismissed, with who and why, and emits audit.finding_resolved.
-- Closing a closed finding changes nothing and returns false. Inputs bounded before anything is
-- read or written: SS086 status, SS087 note, SS085 finding_id (NULL or unknown).
create or replace function private.audit_resolve_finding(finding_id bigint, status text default 'resolved', note text default null)
returns boolean
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  f audit.findings%rowtype;
  claims jsonb;
begin
  if status is null or status not in ('resolved', 'dismissed') then
    raise exception 'audit_resolve_finding: status must be resolved or dismissed' using errcode = 'SS086';
  end if;
  if pg_catalog.char_length(note) > 2000 then
    raise exception 'audit_resolve_finding: note must be at most 2000 characters (got %)', pg_catalog.char_length(note) using errcode = 'SS087';
  end if;
  if finding_id is null then
    raise exception 'audit_resolve_finding: finding_id is required' using errcode = 'SS085';
  end if;
  select * into f from audit.findings x where x.id = finding_id for update;
  if not found then
    raise exception 'audit_resolve_finding: no finding %', finding_id using errcode = 'SS085';
  end if;
  if f.status <> 'open' then
    return false;
  end if;
  claims := nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb;
  update audit.findings x
     set status = audit_resolve_finding.status, resolved_at = greatest(pg_catalog.now(), x.last_seen_at),
         resolved_by = pg_catalog.left(coalesce(claims ->> 'sub', claims ->> 'role', session_user::text), 200),
         resolution_note = note
   where x.id = finding_id;
  perform ops.emit('audit', 'audit.finding_resolved',
    pg_catalog.jsonb_build_object('source', f.source, 'severity', f.severity, 'status', audit_resolve_finding.status),
    'audit.finding', finding_id::text);
  return true;
end
$$;
comment on function private.audit_resolve_finding(bigint, text, text) is 'RPC: the body of public.audit_resolve_finding: closes an open finding (resolved or dismissed) with who and why, emits audit.finding_resolved; false when it was already closed. SS085 finding_id, SS086 status, SS087 note.';
revoke execute on function private.audit_resolve_finding(bigint, text, text) from public, anon, authenticated;
grant execute on function private.audit_resolve_finding(bigint, text, text) to service_role;
