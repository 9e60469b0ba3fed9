-- ops.events: the write path, the append-only guards for every role, partitions, and the seals.
begin;
select plan(41);

-- ops.emit and its errors
select tests.as_root();
select isnt(ops.emit('test.src', 'thing.happened', '{"n": 1}', 'thing', '42'), null, 'ops.emit returns the new id');
select is((select count(*)::int from ops.events where source = 'test.src'), 1, 'the event is stored');
select is((select event_type || '/' || aggregate_type || '/' || aggregate_id || '/' || (payload ->> 'n') from ops.events where source = 'test.src'),
  'thing.happened/thing/42/1', 'columns are stored as given');
select throws_ok($$select ops.emit('', 'x')$$, 'SS001', null, 'an empty source is refused with SS001');
select throws_ok($$select ops.emit(null, 'x')$$, 'SS001', null, 'a null source is refused with SS001');
select throws_ok($$select ops.emit('s', '')$$, 'SS002', null, 'an empty event_type is refused with SS002');
select throws_ok($$select ops.emit('s', 't', '[1,2]')$$, 'SS003', null, 'a payload that is not an object is refused with SS003');
select throws_ok($$select ops.emit('s', 't', null)$$, 'SS003', null, 'a null payload is refused with SS003');

-- the RPC, as PostgREST would call it
select tests.as_service('{"sub": "bot:n8n"}');
select isnt(public.ops_emit('rpc.src', 'rpc.called'), null, 'service_role appends through public.ops_emit');
select tests.as_root();
select is((select actor_role || ' ' || actor_sub from ops.events where source = 'rpc.src'), 'service_role bot:n8n',
  'the actor is the JWT role and subject of the request');
-- the worst a service_role caller can send: every field bounded before anything is written
create temp table emit_before as select count(*) as n from ops.events;
select tests.as_service('{"sub": "bot:n8n"}');
select throws_ok($$select public.ops_emit(repeat('s', 10000000), 'x')$$, 'SS005', 'ops.emit: source is longer than 200 characters', 'a 10 MB source is refused with SS005');
select throws_ok($$select public.ops_emit('s', repeat('t', 201))$$, 'SS005', 'ops.emit: event_type is longer than 200 characters', 'a 201-character event_type is refused');
select throws_ok($$select public.ops_emit('s', 't', '{}', repeat('a', 201))$$, 'SS005', 'ops.emit: aggregate_type is longer than 200 characters', 'a long aggregate_type is refused');
select throws_ok($$select public.ops_emit('s', 't', '{}', 'a', repeat('9', 201))$$, 'SS005', 'ops.emit: aggregate_id is longer than 200 characters', 'a long aggregate_id is refused');
select throws_ok($$select public.ops_emit('s', 't', jsonb_build_object('blob', repeat('x', 10000000)))$$, 'SS006', null, 'a 10 MB payload is refused with SS006');
select lives_ok($$select public.ops_emit(repeat('s', 200), 't', jsonb_build_object('blob', repeat('x', 60000)))$$, '200 characters and a 60 kB payload are accepted');
select tests.as_root();
select is((select count(*) - (select n from emit_before) from ops.events), 1::bigint, 'the refused calls wrote nothing; the accepted one wrote one row');
select tests.as_anon();
select throws_ok($$select public.ops_emit('a', 'b')$$, '42501', null, 'anon cannot call public.ops_emit');
select tests.as_user('00000000-0000-0000-0000-000000000001');
select throws_ok($$select public.ops_emit('a', 'b')$$, '42501', null, 'authenticated cannot call public.ops_emit');
select throws_ok($$select count(*) from ops.events$$, '42501', null, 'authenticated cannot read ops.events');

-- append-only for the owner. UPDATE/DELETE/TRUNCATE are revoked from it too (checked below), but an
-- owner can grant them back to itself (on Supabase the owner is postgres, not a superuser; a
-- superuser bypasses privileges anyway): then the guard triggers stop it
select tests.as_root();
grant update, delete, truncate on ops.events, ops.event_seals to current_user;
do $$ begin
  execute format('grant truncate on ops.%I to current_user', 'events_' || to_char(now() at time zone 'utc', 'YYYY_MM'));
end $$;
select throws_ok($$update ops.events set source = 'x'$$, 'SS010', null, 'UPDATE is refused for the owner with SS010');
select throws_ok($$delete from ops.events$$, 'SS010', null, 'DELETE is refused for the owner with SS010');
select throws_ok($$truncate ops.events$$, 'SS010', null, 'TRUNCATE is refused for the owner with SS010');
select throws_ok(format('truncate ops.%I', 'events_' || to_char(now() at time zone 'utc', 'YYYY_MM')), 'SS010', null,
  'TRUNCATE of a partition is refused with SS010');
select throws_ok($$update ops.event_seals set event_count = 0$$, 'SS010', null, 'seals are append-only too (even a statement touching no row)');
select throws_ok($$delete from ops.events where false$$, 'SS010', null, 'a DELETE touching no row is refused too');
revoke update, delete, truncate on ops.events, ops.event_seals from current_user;
do $$ begin
  execute format('revoke truncate on ops.%I from current_user', 'events_' || to_char(now() at time zone 'utc', 'YYYY_MM'));
end $$;
select is_empty($$
  select a.privilege_type from pg_class c, aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a
  where c.oid = 'ops.events'::regclass and a.privilege_type in ('UPDATE', 'DELETE', 'TRUNCATE')$$,
  'nobody, the owner included, holds UPDATE/DELETE/TRUNCATE on ops.events');

-- service_role and authenticated: even if someone granted them the schema, the privileges are gone
grant usage on schema ops to service_role, authenticated;
select tests.as_service();
select throws_ok($$update ops.events set source = 'x'$$, '42501', null, 'UPDATE is refused for service_role');
select throws_ok($$delete from ops.events$$, '42501', null, 'DELETE is refused for service_role');
select throws_ok($$truncate ops.events$$, '42501', null, 'TRUNCATE is refused for service_role');
select tests.as_user('00000000-0000-0000-0000-000000000001');
select throws_ok($$delete from ops.events$$, '42501', null, 'DELETE is refused for authenticated');
select tests.as_root();
revoke usage on schema ops from service_role, authenticated;

-- partitions
select throws_ok($$select ops.create_event_partitions(-1)$$, 'SS004', null, 'a negative months_ahead is refused with SS004');
select is((select count(*)::int from ops.create_event_partitions(5)), 2, 'five months ahead adds the two missing partitions');
select is((select count(*)::int from ops.create_event_partitions(5)), 0, 'a second call creates nothing');
select is((select count(*)::int from advisor.events_append_only_problems()), 0, 'new partitions carry the append-only guards');

-- seals start from an unsealed log: where pg_cron runs the seal job (the Supabase profile), it may
-- have sealed what the migrated database logged already
grant delete on ops.event_seals to current_user;
set local session_replication_role = replica;
delete from ops.event_seals;
set local session_replication_role = origin;
revoke delete on ops.event_seals from current_user;
-- seals: rows written by transactions that have finished (an explicit old txid stands for one here)
insert into ops.events (source, event_type, txid) select 'sealed', 'e' || g, '10'::xid8 from generate_series(1, 5) g;
-- (the migrated database has logged its own actions already, e.g. cron.declared for each job: finished too)
select is((select event_count::int from ops.seal_events()),
  5 + (select count(*)::int from ops.events where source <> 'sealed' and txid <> pg_current_xact_id()),
  'the seal covers the 5 events of finished transactions (and those the migrated database logged), not this transaction''s own');
select ok((select ok from ops.verify_event_seals()), 'the chain verifies');
-- the table's owner (on Supabase, postgres, which is not a superuser) can grant itself UPDATE and
-- turn the guards off; a superuser needs neither. Either way the seal catches the edit.
grant update on ops.events to current_user;
set local session_replication_role = replica;
update ops.events set payload = '{"forged": true}' where source = 'sealed' and event_type = 'e3';
set local session_replication_role = origin;
revoke update on ops.events from current_user;
select is((select first_broken_seal from ops.verify_event_seals()), (select max(id) from ops.event_seals), 'an edit by the table''s owner, who granted itself UPDATE and skipped the guards, is caught and the seal named');

-- digest schemes: 1 (before migration 000012) and 2 (bounded memory); nothing else
select throws_ok($$ select * from ops.event_batch_digest('0'::xid8, '1'::xid8, 3) $$, 'SS011', 'ops.event_batch_digest: unknown digest scheme 3', 'an unknown digest scheme is refused, naming it');
select is((select digest_scheme from ops.event_seals order by id desc limit 1), 2::smallint, 'new seals use scheme 2');
select throws_ok($$ insert into ops.event_seals (from_txid, to_txid, event_count, batch_digest, digest_scheme, hash) values ('1'::xid8, '2'::xid8, 0, '\x00', 3, '\x01') $$,
  '23514', null, 'a seal cannot claim an unknown scheme');

select * from finish();
rollback;
