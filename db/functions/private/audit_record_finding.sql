-- private.audit_record_finding: the SECURITY DEFINER body of public.audit_record_finding, the write
-- path of audit findings (audit.findings). Agents and checks write audit.* as service_role. An open
-- finding with the same source, subject and title is recorded again rather than duplicated
-- (occurrences, last_seen_at, the latest severity and texts), so a recurring audit is idempotent. A new
-- finding emits audit.finding_recorded to ops.events. Inputs bounded before anything is written:
-- SS080 source, SS081 severity, SS075 subject, SS082 title, SS083 detail, SS084 recommendation
-- (NULL detail or recommendation means none).
create or replace function private.audit_record_finding(
  source text, severity text, subject text, title text, detail text default '', recommendation text default ''
) returns bigint
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_id bigint;
  v_new boolean;
begin
  if source is null or pg_catalog.char_length(source) > 100 or source !~ '^[a-z0-9][a-z0-9_.:-]{0,99}$' then
    raise exception 'audit_record_finding: source must match ^[a-z0-9][a-z0-9_.:-]{0,99}$ (got % characters)', coalesce(pg_catalog.char_length(source), 0)
      using errcode = 'SS080';
  end if;
  if severity is null or severity not in ('critical', 'high', 'medium', 'low', 'info') then
    raise exception 'audit_record_finding: severity must be critical, high, medium, low or info' using errcode = 'SS081';
  end if;
  if subject is null or subject = '' or pg_catalog.char_length(subject) > 300 then
    raise exception 'audit_record_finding: subject must be 1 to 300 characters (got %)', coalesce(pg_catalog.char_length(subject), 0) using errcode = 'SS075';
  end if;
  if title is null or title = '' or pg_catalog.char_length(title) > 200 then
    raise exception 'audit_record_finding: title must be 1 to 200 characters (got %)', coalesce(pg_catalog.char_length(title), 0) using errcode = 'SS082';
  end if;
  if pg_catalog.char_length(detail) > 10000 then
    raise exception 'audit_record_finding: detail must be at most 10000 characters (got %)', pg_catalog.char_length(detail) using errcode = 'SS083';
  end if;
  if pg_catalog.char_length(recommendation) > 10000 then
    raise exception 'audit_record_finding: recommendation must be at most 10000 characters (got %)', pg_catalog.char_length(recommendation) using errcode = 'SS084';
  end if;
  insert into audit.findings as f (source, severity, subject, title, detail, recommendation)
  values (audit_record_finding.source, audit_record_finding.severity, audit_record_finding.subject, audit_record_finding.title,
          coalesce(audit_record_finding.detail, ''), coalesce(audit_record_finding.recommendation, ''))
  on conflict (source, subject, title) where status = 'open' do update
     set severity = excluded.severity, detail = excluded.detail, recommendation = excluded.recommendation,
         occurrences = f.occurrences + 1, last_seen_at = greatest(pg_catalog.now(), f.created_at)
  returning f.id, (f.xmax = 0) into v_id, v_new;
  if v_new then
    perform ops.emit('audit', 'audit.finding_recorded',
      pg_catalog.jsonb_build_object('source', audit_record_finding.source, 'severity', audit_record_finding.severity,
                                    'subject', audit_record_finding.subject, 'title', audit_record_finding.title),
      'audit.finding', v_id::text);
  end if;
  return v_id;
end
$$;
comment on function private.audit_record_finding(text, text, text, text, text, text) is 'RPC: the body of public.audit_record_finding: records an audit finding, or counts one more occurrence of the open finding with the same source, subject and title; emits audit.finding_recorded for a new one. SS080 source, SS081 severity, SS075 subject, SS082 title, SS083 detail, SS084 recommendation.';
revoke execute on function private.audit_record_finding(text, text, text, text, text, text) from public, anon, authenticated;
grant execute on function private.audit_record_finding(text, text, text, text, text, text) to service_role;
