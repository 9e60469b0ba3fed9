-- ops.deployments and ops.job_runs: their writer RPCs for service_role (public.ops_start_deployment,
-- public.ops_finish_deployment, public.ops_start_job_run, public.ops_finish_job_run), the events they
-- emit, the allowed status changes, and every input bounded with its own SQLSTATE.
begin;
select plan(34);

select tests.as_root();
select set_config('t.events_before', (select count(*) from ops.events where source in ('ops.deployments', 'ops.job_runs'))::text, true);
select tests.as_service('{"sub": "bot:vercel"}');
select isnt(set_config('t.did', public.ops_start_deployment('production', 'web', 'v1.2.3', 'refs/tags/v1.2.3', '{"pr": 7}')::text, true), null,
  'service_role records a started deployment');
select lives_ok($$select public.ops_finish_deployment(current_setting('t.did')::bigint, 'succeeded', '{"health": "ok"}')$$, 'and finishes it');
select lives_ok($$select public.ops_finish_deployment(current_setting('t.did')::bigint, 'rolled_back')$$, 'a succeeded deployment may be rolled back');
select throws_ok($$select public.ops_finish_deployment(current_setting('t.did')::bigint, 'succeeded')$$, 'SS098',
  'ops_finish_deployment: deployment ' || current_setting('t.did') || ' is rolled_back and cannot become succeeded', 'a rolled-back deployment stays rolled back (SS098)');
select tests.as_root();
select is((select status || ' ' || (finished_at >= started_at) || ' ' || evidence::text from ops.deployments where id = current_setting('t.did')::bigint),
  'rolled_back true {"pr": 7, "health": "ok"}', 'the deployment is finished with its evidence merged');
select results_eq($$select event_type, payload ->> 'status', actor_sub from ops.events where source = 'ops.deployments' and aggregate_id = current_setting('t.did') order by id$$,
  $$values ('deployment.started', null, 'bot:vercel'), ('deployment.finished', 'succeeded', 'bot:vercel'), ('deployment.finished', 'rolled_back', 'bot:vercel')$$,
  'each step emits an event, with the actor of the request');

select tests.as_service();
select isnt(set_config('t.rid', public.ops_start_job_run('n8n:stale-data-cleanup', '{"batch": 1}')::text, true), null, 'service_role records a running job');
select lives_ok($$select public.ops_finish_job_run(current_setting('t.rid')::bigint, 'failed', '{"error": "timeout"}')$$, 'and finishes it');
select throws_ok($$select public.ops_finish_job_run(current_setting('t.rid')::bigint, 'succeeded')$$, 'SS098', null, 'a finished run cannot finish again (SS098)');
select tests.as_root();
select is((select status || ' ' || detail::text from ops.job_runs where id = current_setting('t.rid')::bigint),
  'failed {"batch": 1, "error": "timeout"}', 'the run is finished with its detail merged');
select is((select string_agg(event_type || ':' || (payload ->> 'status'), ',') from ops.events where source = 'ops.job_runs' and aggregate_id = current_setting('t.rid')),
  'job_run.finished:failed', 'a finished run emits job_run.finished');

-- worst-case input: each bound with its own SQLSTATE, nothing written
select set_config('t.rows_before', ((select count(*) from ops.deployments) + (select count(*) from ops.job_runs) + (select count(*) from ops.events))::text, true);
select tests.as_service();
select throws_ok($$select public.ops_start_deployment('prod', 'web', '1')$$, 'SS092', null, 'an unknown environment is refused with SS092');
select throws_ok($$select public.ops_start_deployment(null, 'web', '1')$$, 'SS092', null, 'a NULL environment is refused with SS092');
select throws_ok($$select public.ops_start_deployment('preview', repeat('w', 10000000), '1')$$, 'SS093', null, 'a 10 MB service is refused with SS093');
select throws_ok($$select public.ops_start_deployment('preview', '', '1')$$, 'SS093', null, 'an empty service is refused with SS093');
select throws_ok($$select public.ops_start_deployment('preview', 'web', repeat('1', 101))$$, 'SS094', null, 'a 101-character version is refused with SS094');
select throws_ok($$select public.ops_start_deployment('preview', 'web', E'1\n2')$$, 'SS094', null, 'a version with a newline is refused with SS094');
select throws_ok($$select public.ops_start_deployment('preview', 'web', null)$$, 'SS094', null, 'a NULL version is refused with SS094');
select throws_ok($$select public.ops_start_deployment('preview', 'web', '1', repeat('r', 256))$$, 'SS095', null, 'a 256-character git_ref is refused with SS095');
select throws_ok($$select public.ops_start_deployment('preview', 'web', '1', null, '[]')$$, 'SS096', null, 'evidence that is not an object is refused with SS096');
select throws_ok($$select public.ops_start_deployment('preview', 'web', '1', null, jsonb_build_object('x', repeat(md5(random()::text), 400000)))$$, 'SS096', null,
  '12 MB of evidence are refused with SS096');
select throws_ok($$select public.ops_finish_deployment(null, 'failed')$$, 'SS097', null, 'a NULL deployment_id is refused with SS097');
select throws_ok($$select public.ops_finish_deployment(-1, 'failed')$$, 'SS097', null, 'an unknown deployment_id is refused with SS097');
select throws_ok($$select public.ops_finish_deployment(1, 'started')$$, 'SS098', null, 'finishing as started is refused with SS098');
select throws_ok($$select public.ops_finish_deployment(1, 'failed', null)$$, 'SS096', null, 'NULL evidence is refused with SS096');
select throws_ok($$select public.ops_start_job_run(repeat('j', 201))$$, 'SS099', null, 'a 201-character job_name is refused with SS099');
select throws_ok($$select public.ops_start_job_run(null)$$, 'SS099', null, 'a NULL job_name is refused with SS099');
select throws_ok($$select public.ops_start_job_run('j', '"x"')$$, 'SS096', null, 'a detail that is not an object is refused with SS096');
select throws_ok($$select public.ops_finish_job_run(-1, 'failed')$$, 'SS097', null, 'an unknown job_run_id is refused with SS097');
select throws_ok($$select public.ops_finish_job_run(1, 'running')$$, 'SS098', null, 'finishing as running is refused with SS098');
select tests.as_root();
select is(((select count(*) from ops.deployments) + (select count(*) from ops.job_runs) + (select count(*) from ops.events))::text,
  current_setting('t.rows_before'), 'the refused calls wrote nothing');

select tests.as_anon();
select throws_ok($$select public.ops_start_deployment('preview', 'web', '1')$$, '42501', null, 'anon cannot call public.ops_start_deployment');
select tests.as_user('00000000-0000-0000-0000-000000000001');
select throws_ok($$select public.ops_start_job_run('j')$$, '42501', null, 'authenticated cannot call public.ops_start_job_run');
select throws_ok($$select public.ops_finish_job_run(1, 'failed')$$, '42501', null, 'authenticated cannot call public.ops_finish_job_run');

select * from finish();
rollback;
