-- analytics: KPI values written by service_role through public.analytics_record_kpi (bounded inputs,
-- each with its own SQLSTATE), and the read models (views over ops, odoo and audit) that no API
-- role may read or write.
begin;
select plan(30);

select ok((select relrowsecurity from pg_class where oid = 'analytics.kpi_values'::regclass), 'RLS is on for analytics.kpi_values');
select ok(tests.refused('service_role', 'select * from analytics.kpi_values'), 'service_role cannot read analytics.kpi_values directly');
select ok(tests.refused('authenticated', $$insert into analytics.kpi_values (kpi, period_start, value) values ('k', now(), 1)$$),
  'authenticated cannot write analytics.kpi_values');
select ok(tests.refused('anon', 'select * from analytics.deployments_daily'), 'anon cannot read analytics.deployments_daily');
select ok(tests.refused('authenticated', 'select * from analytics.webhook_events_daily'), 'authenticated cannot read analytics.webhook_events_daily');
select ok(tests.refused('service_role', 'select * from analytics.job_runs_daily'), 'service_role cannot read analytics.job_runs_daily');
select ok(tests.refused('service_role', 'delete from analytics.audit_findings_open'), 'no API role writes a read model');

-- record and replace a KPI value
select tests.as_service('{"sub": "n8n"}');
select isnt(set_config('t.kid', public.analytics_record_kpi('finance.ar_overdue_total', '2026-11-01T00:00:00Z', 1234.5, '{"company": "acme"}', '{"query": "q1"}')::text, true),
  null, 'service_role records a KPI value');
select is(public.analytics_record_kpi('finance.ar_overdue_total', '2026-11-01T00:00:00Z', 1300, '{"company": "acme"}'), current_setting('t.kid')::bigint,
  'the same KPI, period and dimensions is the same row');
select isnt(public.analytics_record_kpi('finance.ar_overdue_total', '2026-11-01T00:00:00Z', 9000), current_setting('t.kid')::bigint,
  'other dimensions (the total) are another row');
select tests.as_root();
select is((select value::text || ' ' || provenance::text || ' ' || created_by from analytics.kpi_values where id = current_setting('t.kid')::bigint),
  '1300 {} n8n', 'recording again replaces the value and the provenance');

-- worst-case input
select set_config('t.rows_before', (select count(*) from analytics.kpi_values)::text, true);
select tests.as_service();
select throws_ok($$select public.analytics_record_kpi(null, now(), 1)$$, 'SS088', null, 'a NULL kpi is refused with SS088');
select throws_ok($$select public.analytics_record_kpi(repeat('k', 10000000), now(), 1)$$, 'SS088', null, 'a 10 MB kpi is refused with SS088');
select throws_ok($$select public.analytics_record_kpi('Finance AR', now(), 1)$$, 'SS088', null, 'a kpi outside the pattern is refused with SS088');
select throws_ok($$select public.analytics_record_kpi('k', null, 1)$$, 'SS089', null, 'a NULL period_start is refused with SS089');
select throws_ok($$select public.analytics_record_kpi('k', 'infinity', 1)$$, 'SS089', null, 'an infinite period_start is refused with SS089');
select throws_ok($$select public.analytics_record_kpi('k', now(), null)$$, 'SS090', null, 'a NULL value is refused with SS090');
select throws_ok($$select public.analytics_record_kpi('k', now(), 'NaN')$$, 'SS090', null, 'NaN is refused with SS090');
select throws_ok($$select public.analytics_record_kpi('k', now(), 'Infinity')$$, 'SS090', null, 'Infinity is refused with SS090');
select throws_ok($$select public.analytics_record_kpi('k', now(), ('1' || repeat('0', 100000))::numeric)$$, 'SS090', null,
  'a 100,001-digit value is refused with SS090');
select throws_ok($$select public.analytics_record_kpi('k', now(), 0.0000000001)$$, 'SS090', null, 'a value with 10 decimals is refused with SS090');
select throws_ok($$select public.analytics_record_kpi('k', now(), 1, '[]')$$, 'SS091', null, 'dimensions that are not an object are refused with SS091');
select throws_ok($$select public.analytics_record_kpi('k', now(), 1, jsonb_build_object('d', repeat('x', 2000)))$$, 'SS091', null,
  '2 kB of dimensions are refused with SS091');
select throws_ok($$select public.analytics_record_kpi('k', now(), 1, '{}', null)$$, 'SS073', null, 'a NULL provenance is refused with SS073');
select throws_ok($$select public.analytics_record_kpi('k', now(), 'lots')$$, '22P02', null, 'a value that is not a number is refused');
select tests.as_root();
select is((select count(*) from analytics.kpi_values)::text, current_setting('t.rows_before'), 'the refused calls wrote nothing');

select tests.as_anon();
select throws_ok($$select public.analytics_record_kpi('k', now(), 1)$$, '42501', null, 'anon cannot call public.analytics_record_kpi');
select tests.as_user('00000000-0000-0000-0000-000000000001');
select throws_ok($$select public.analytics_record_kpi('k', now(), 1)$$, '42501', null, 'authenticated cannot call public.analytics_record_kpi');

-- the read models follow their sources
select tests.as_root();
insert into ops.deployments (environment, service, version, status, started_at, finished_at)
values ('production', 't-svc', '1', 'succeeded', '2026-11-02T10:00:00Z', '2026-11-02T10:00:30Z'),
       ('production', 't-svc', '2', 'failed', '2026-11-02T11:00:00Z', '2026-11-02T11:01:30Z');
select is((select deployments || ' ' || succeeded || ' ' || failed || ' ' || avg_duration_s from analytics.deployments_daily where service = 't-svc'),
  '2 1 1 60.000', 'analytics.deployments_daily counts the deployments of a day by outcome, with the mean duration');
insert into audit.findings (source, severity, subject, title, occurrences) values ('t-src', 'low', 's1', 't', 3), ('t-src', 'low', 's2', 't', 1);
select is((select findings || ' ' || occurrences from analytics.audit_findings_open where source = 't-src'), '2 4',
  'analytics.audit_findings_open counts the open findings and their occurrences');

select * from finish();
rollback;
