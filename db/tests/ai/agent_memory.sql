-- ai: agent memory (public.ai_remember / public.ai_recall) and AI outputs (public.ai_record_output):
-- service_role writes and reads through the RPCs only, every input bounded with its own SQLSTATE
-- before anything is written; anon and authenticated reach nothing.
begin;
select plan(41);

-- the tables: RLS on, no privilege for any API role
select ok((select bool_and(relrowsecurity) from pg_class where oid in ('ai.agent_memories'::regclass, 'ai.outputs'::regclass)),
  'RLS is on for ai.agent_memories and ai.outputs');
select ok(tests.refused('service_role', 'select * from ai.agent_memories'), 'service_role cannot read ai.agent_memories directly');
select ok(tests.refused('authenticated', 'select * from ai.outputs'), 'authenticated cannot read ai.outputs');
select ok(tests.refused('anon', $$insert into ai.agent_memories (agent, key, value) values ('a', 'k', '1')$$), 'anon cannot write ai.agent_memories');

-- remember and recall, as service_role with a JWT subject
select tests.as_service('{"sub": "bot:n8n"}');
select isnt(public.ai_remember('n8n-orchestrator', 'last_sync', '{"at": "2026-01-01"}', '{"source": "odoo.webhooks"}'), null,
  'service_role remembers a value');
select is(public.ai_recall('n8n-orchestrator', 'last_sync'), '{"at": "2026-01-01"}'::jsonb, 'and recalls it');
select is(public.ai_recall('n8n-orchestrator', 'never_stored'), null, 'a key never stored recalls NULL');
select lives_ok($$select public.ai_remember('n8n-orchestrator', 'last_sync', '"overwritten"')$$, 'the same key is remembered again');
select is(public.ai_recall('n8n-orchestrator', 'last_sync'), '"overwritten"'::jsonb, 'remembering again replaces the value');
select tests.as_root();
select is((select count(*)::int from ai.agent_memories where agent = 'n8n-orchestrator'), 1, 'one row per agent and key');
select is((select created_by || ' ' || updated_by || ' ' || provenance::text from ai.agent_memories where agent = 'n8n-orchestrator'),
  'bot:n8n bot:n8n {}', 'created_by and updated_by are the JWT subject; provenance is replaced with the value');

-- worst-case input for ai_remember: each bound with its own SQLSTATE, nothing written
create temp table mem_before as select count(*) as n from ai.agent_memories;
select tests.as_service();
select throws_ok($$select public.ai_remember(null, 'k', '1')$$, 'SS070', null, 'a NULL agent is refused with SS070');
select throws_ok($$select public.ai_remember(repeat('a', 10000000), 'k', '1')$$, 'SS070', null, 'a 10 MB agent is refused with SS070');
select throws_ok($$select public.ai_remember('Agent With Spaces', 'k', '1')$$, 'SS070', null, 'an agent outside the pattern is refused with SS070');
select throws_ok($$select public.ai_remember('a', '', '1')$$, 'SS071', null, 'an empty key is refused with SS071');
select throws_ok($$select public.ai_remember('a', repeat('k', 201), '1')$$, 'SS071', null, 'a 201-character key is refused with SS071');
select throws_ok($$select public.ai_remember('a', null, '1')$$, 'SS071', null, 'a NULL key is refused with SS071');
select throws_ok($$select public.ai_remember('a', 'k', null)$$, 'SS072', null, 'a NULL value is refused with SS072');
select throws_ok($$select public.ai_remember('a', 'k', jsonb_build_object('blob', repeat(md5(random()::text), 400000)))$$, 'SS072', null,
  'a 12 MB value is refused with SS072');
select throws_ok($$select public.ai_remember('a', 'k', '1', '[]')$$, 'SS073', null, 'provenance that is not an object is refused with SS073');
select throws_ok($$select public.ai_remember('a', 'k', '1', jsonb_build_object('x', repeat(md5(random()::text), 1000)))$$, 'SS073', null,
  'a 32 kB provenance is refused with SS073');
select throws_ok($$select public.ai_remember('a', 'k', '1', null)$$, 'SS073', null, 'a NULL provenance is refused with SS073');
select throws_ok($$select public.ai_recall('a', repeat('k', 201))$$, 'SS071', null, 'ai_recall bounds the key too (SS071)');
select throws_ok($$select public.ai_recall(repeat('a', 64), 'k')$$, 'SS070', null, 'ai_recall bounds the agent too (SS070)');
select throws_ok($$select public.ai_remember('a', 42, '1')$$, '42883', null,
  'a key of the wrong type matches no function');
select tests.as_root();
select is((select count(*) from ai.agent_memories) - (select n from mem_before), 0::bigint, 'the refused calls wrote nothing');

-- AI outputs
select tests.as_service('{"sub": "agent:summarize"}');
select isnt(public.ai_record_output('summarize', 'summary', 'odoo.prod.account.move', '{"text": "Q3 invoices rose 4%"}', '{"model": "m-1"}'), null,
  'service_role records an AI output');
select throws_ok($$select public.ai_record_output('summarize', 'Summary!', 's', '{}')$$, 'SS074', null, 'a kind outside the pattern is refused with SS074');
select throws_ok($$select public.ai_record_output('summarize', null, 's', '{}')$$, 'SS074', null, 'a NULL kind is refused with SS074');
select throws_ok($$select public.ai_record_output('summarize', 'summary', repeat('s', 301), '{}')$$, 'SS075', null, 'a 301-character subject is refused with SS075');
select throws_ok($$select public.ai_record_output('summarize', 'summary', '', '{}')$$, 'SS075', null, 'an empty subject is refused with SS075');
select throws_ok($$select public.ai_record_output('summarize', 'summary', 's', null)$$, 'SS076', null, 'a NULL content is refused with SS076');
select throws_ok($$select public.ai_record_output('summarize', 'summary', 's', jsonb_build_object('t', repeat(md5(random()::text), 400000)))$$, 'SS076', null,
  'a 12 MB content is refused with SS076');
select throws_ok($$select public.ai_record_output('Bad Agent', 'summary', 's', '{}')$$, 'SS070', null, 'the agent is bounded (SS070)');
select throws_ok($$select public.ai_record_output('summarize', 'summary', 's', '{}', '"x"')$$, 'SS073', null, 'the provenance is bounded (SS073)');
select tests.as_root();
select is((select kind || ' ' || subject || ' ' || (content ->> 'text') || ' ' || (provenance ->> 'model') || ' ' || created_by from ai.outputs where agent = 'summarize'),
  'summary odoo.prod.account.move Q3 invoices rose 4% m-1 agent:summarize', 'the output is stored as given, with who recorded it');
select is((select count(*)::int from ai.outputs where agent = 'summarize'), 1, 'the refused outputs wrote nothing');

-- the RPCs are service_role's only
select tests.as_anon();
select throws_ok($$select public.ai_remember('a', 'k', '1')$$, '42501', null, 'anon cannot call public.ai_remember');
select throws_ok($$select public.ai_recall('a', 'k')$$, '42501', null, 'anon cannot call public.ai_recall');
select tests.as_user('00000000-0000-0000-0000-000000000001');
select throws_ok($$select public.ai_record_output('a', 'summary', 's', '{}')$$, '42501', null, 'authenticated cannot call public.ai_record_output');
select throws_ok($$select private.ai_remember('a', 'k', '1')$$, '42501', null, 'authenticated cannot call the body private.ai_remember');

select * from finish();
rollback;
