-- audit.findings: service_role records and resolves findings through public.audit_record_finding and
-- public.audit_resolve_finding; a recurring open finding is counted, not duplicated; every input is
-- bounded with its own SQLSTATE before anything is written; new and resolved findings emit events.
begin;
select plan(37);

select ok((select relrowsecurity from pg_class where oid = 'audit.findings'::regclass), 'RLS is on for audit.findings');
select ok(tests.refused('service_role', 'select * from audit.findings'), 'service_role cannot read audit.findings directly');
select ok(tests.refused('authenticated', 'select * from audit.findings'), 'authenticated cannot read audit.findings');
select ok(tests.refused('anon', $$insert into audit.findings (source, severity, subject, title) values ('a', 'info', 's', 't')$$),
  'anon cannot write audit.findings');

select tests.as_root();
select set_config('t.events_before', (select count(*) from ops.events where source = 'audit')::text, true);
select tests.as_service('{"sub": "agent:bugbot"}');
select isnt(set_config('t.fid', public.audit_record_finding('agent:bugbot', 'high', 'github.com/acme/app', 'Branch protection is off',
                                                           'main accepts force pushes', 'Protect main')::text, true),
  null, 'service_role records a finding');
select is(public.audit_record_finding('agent:bugbot', 'critical', 'github.com/acme/app', 'Branch protection is off', null, null),
  current_setting('t.fid')::bigint, 'recording the same open finding again returns the same id');
select tests.as_root();
select is((select count(*)::int from audit.findings where source = 'agent:bugbot'), 1, 'one row for the recurring finding');
select is((select severity || ' ' || occurrences || ' ' || status || ' ' || detail || '|' || recommendation || ' ' || created_by
           from audit.findings where source = 'agent:bugbot'),
  'critical 2 open | agent:bugbot', 'occurrences count up; the latest severity and texts win (NULL texts are empty); created_by is the JWT subject');
select is((select count(*) from ops.events where source = 'audit' and event_type = 'audit.finding_recorded') - current_setting('t.events_before')::bigint, 1::bigint,
  'a new finding emits audit.finding_recorded once');
select is((select aggregate_type || ' ' || aggregate_id || ' ' || (payload ->> 'title') from ops.events where source = 'audit' order by id desc limit 1),
  'audit.finding ' || current_setting('t.fid') || ' Branch protection is off', 'the event names the finding');

-- resolve
select tests.as_service('{"sub": "user:ops-lead"}');
select ok(public.audit_resolve_finding(current_setting('t.fid')::bigint, 'resolved', 'protected in settings'), 'service_role resolves an open finding');
select is(public.audit_resolve_finding(current_setting('t.fid')::bigint, 'dismissed'), false, 'closing a closed finding changes nothing and returns false');
select tests.as_root();
select is((select status || ' ' || resolved_by || ' ' || resolution_note || ' ' || (resolved_at >= created_at) from audit.findings where source = 'agent:bugbot'),
  'resolved user:ops-lead protected in settings true', 'the finding is closed with who and why');
select is((select count(*)::int from ops.events where source = 'audit' and event_type = 'audit.finding_resolved' and aggregate_id = current_setting('t.fid')), 1,
  'resolving emits audit.finding_resolved once');
select tests.as_service();
select isnt(public.audit_record_finding('agent:bugbot', 'high', 'github.com/acme/app', 'Branch protection is off'), current_setting('t.fid')::bigint,
  'the same finding seen after it was resolved opens a new one');

-- worst-case input: each bound with its own SQLSTATE, nothing written
select tests.as_root();
select set_config('t.rows_before', (select count(*) from audit.findings)::text, true);
select set_config('t.events_before', (select count(*) from ops.events)::text, true);
select tests.as_service();
select throws_ok($$select public.audit_record_finding(null, 'high', 's', 't')$$, 'SS080', null, 'a NULL source is refused with SS080');
select throws_ok($$select public.audit_record_finding(repeat('a', 10000000), 'high', 's', 't')$$, 'SS080', null, 'a 10 MB source is refused with SS080');
select throws_ok($$select public.audit_record_finding('Bad Source', 'high', 's', 't')$$, 'SS080', null, 'a source outside the pattern is refused with SS080');
select throws_ok($$select public.audit_record_finding('a', 'urgent', 's', 't')$$, 'SS081', null, 'an unknown severity is refused with SS081');
select throws_ok($$select public.audit_record_finding('a', null, 's', 't')$$, 'SS081', null, 'a NULL severity is refused with SS081');
select throws_ok($$select public.audit_record_finding('a', 'high', repeat('s', 301), 't')$$, 'SS075', null, 'a 301-character subject is refused with SS075');
select throws_ok($$select public.audit_record_finding('a', 'high', null, 't')$$, 'SS075', null, 'a NULL subject is refused with SS075');
select throws_ok($$select public.audit_record_finding('a', 'high', 's', repeat('t', 201))$$, 'SS082', null, 'a 201-character title is refused with SS082');
select throws_ok($$select public.audit_record_finding('a', 'high', 's', '')$$, 'SS082', null, 'an empty title is refused with SS082');
select throws_ok($$select public.audit_record_finding('a', 'high', 's', 't', repeat('d', 10000000))$$, 'SS083', null, 'a 10 MB detail is refused with SS083');
select throws_ok($$select public.audit_record_finding('a', 'high', 's', 't', '', repeat('r', 10001))$$, 'SS084', null,
  'a 10,001-character recommendation is refused with SS084');
select throws_ok($$select public.audit_resolve_finding(null)$$, 'SS085', null, 'a NULL finding_id is refused with SS085');
select throws_ok($$select public.audit_resolve_finding(-1)$$, 'SS085', null, 'an unknown finding_id is refused with SS085');
select throws_ok($$select public.audit_resolve_finding(1, 'fixed')$$, 'SS086', null, 'an unknown status is refused with SS086');
select throws_ok($$select public.audit_resolve_finding(1, null)$$, 'SS086', null, 'a NULL status is refused with SS086');
select throws_ok($$select public.audit_resolve_finding(1, 'resolved', repeat('n', 2001))$$, 'SS087', null, 'a 2,001-character note is refused with SS087');
select throws_ok($$select public.audit_resolve_finding('one')$$, '22P02', null, 'a finding_id that is not a number is refused');
select tests.as_root();
select is((select count(*) from audit.findings)::text || ' ' || (select count(*) from ops.events)::text,
  current_setting('t.rows_before') || ' ' || current_setting('t.events_before'), 'the refused calls wrote no finding and no event');

-- the RPCs are service_role's only
select tests.as_anon();
select throws_ok($$select public.audit_record_finding('a', 'high', 's', 't')$$, '42501', null, 'anon cannot call public.audit_record_finding');
select tests.as_user('00000000-0000-0000-0000-000000000001');
select throws_ok($$select public.audit_record_finding('a', 'high', 's', 't')$$, '42501', null, 'authenticated cannot call public.audit_record_finding');
select throws_ok($$select public.audit_resolve_finding(1)$$, '42501', null, 'authenticated cannot call public.audit_resolve_finding');
select throws_ok($$select private.audit_record_finding('a', 'high', 's', 't')$$, '42501', null, 'authenticated cannot call the body private.audit_record_finding');

select * from finish();
rollback;
