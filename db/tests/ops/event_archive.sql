-- The partition lifecycle of ops.events, database side: what an archive holds, the refusals, the
-- commit (record, detach, drop), the seal check with archived events, a restore read-only, and a
-- partition dropped without an archive still caught. Runs as the superuser and as Supabase's
-- postgres (the table owner, not a superuser).
begin;
select plan(27);
select tests.as_root();

-- start from an unsealed log (as db/tests/ops/events.sql: pg_cron may have sealed already)
grant delete on ops.event_seals to current_user;
set local session_replication_role = replica;
delete from ops.event_seals;
set local session_replication_role = origin;
revoke delete on ops.event_seals from current_user;

create table ops.events_2017_03 partition of ops.events for values from ('2017-03-01 00:00:00+00') to ('2017-04-01 00:00:00+00');
create trigger _100_append_only_statement before update or delete or truncate on ops.events_2017_03 for each statement execute function ops.tg__append_only();
-- events of finished transactions (an explicit old txid stands for one)
insert into ops.events (occurred_at, source, event_type, payload, txid)
select timestamptz '2017-03-05 10:00:00.5+00' + g * interval '1 day', 'archive.test', 'e' || g, jsonb_build_object('g', g, 's', E'a\nb'), '10'::xid8
  from generate_series(1, 3) g;

select throws_ok($$ select ops.event_archive_partition('events_nope') $$, 'SS021', 'ops.event_archive_partition: ops.events_nope is not a partition of ops.events', 'an unknown partition is refused, named');
select throws_ok(format($$ select ops.event_archive_partition(%L) $$, 'events_' || to_char(now() at time zone 'utc', 'YYYY_MM')), 'SS021', null, 'the current month''s partition is refused');
select throws_ok($$ select ops.event_archive_partition('events_2017_03') $$, 'SS020', 'ops.event_archive_partition: ops.events_2017_03 holds 3 events not covered by a seal', 'unsealed events refuse the archive, the partition named');

select isnt((select count(*) from ops.seal_events()), 0::bigint, 'sealed');
select set_config('test.m', ops.event_archive_partition('events_2017_03')::text, true);
select is((current_setting('test.m')::jsonb - 'seals' - 'range_from' - 'range_to'),
  jsonb_build_object('partition', 'events_2017_03', 'row_count', 3, 'first_event_id', (select min(id) from ops.events_2017_03), 'last_event_id', (select max(id) from ops.events_2017_03)),
  'what an archive holds: row count, first and last id');
select is((select jsonb_agg(x -> 'events_in_file') from jsonb_array_elements(current_setting('test.m')::jsonb -> 'seals') x), '[3]'::jsonb, 'one seal covers the partition''s 3 events');
select is((current_setting('test.m')::jsonb ->> 'range_to')::timestamptz, '2017-04-01 00:00:00+00'::timestamptz, 'and its range');
select set_config('test.lines', (select jsonb_agg(ops.event_canonical_text(e) order by e.id)::text from ops.events_2017_03 e), true);

select throws_ok($$ select ops.event_archive_commit('events_2017_03', 'events_2017_03.jsonl.gz', repeat('a', 64), current_setting('test.m')::jsonb || '{"partition": "events_2017_04"}') $$,
  'SS024', null, 'a manifest of another partition is refused');
select throws_ok($$ select ops.event_archive_commit('events_2017_03', 'events_2017_03.jsonl.gz', repeat('a', 64), current_setting('test.m')::jsonb || '{"row_count": 2}') $$,
  'SS022', null, 'a manifest that no longer matches the partition is refused');
select isnt(to_regclass('ops.events_2017_03'), null, 'and the partition is kept');
select isnt(ops.event_archive_commit('events_2017_03', 'events_2017_03.jsonl.gz', repeat('a', 64), current_setting('test.m')::jsonb), null, 'the archive is committed');
select is(to_regclass('ops.events_2017_03'), null, 'the partition is detached and dropped');
select is((select action || ' ' || partition_name || ' ' || row_count from ops.event_archives), 'archived events_2017_03 3', 'the archive is recorded');
select is((select archived_events from ops.event_archived_seal_counts()), 3::bigint, 'its seal''s events are counted as archived');
select is((select row(ok, problem, seals_archived)::text from ops.verify_event_seals()), '(t,,1)', 'the chain still verifies: the archived events are counted, not missing');
-- the owner gave up UPDATE on the ledger; granted back, the guard still refuses
grant update on ops.event_archives to current_user;
select throws_ok($$ update ops.event_archives set row_count = 4 $$, 'SS010', null, 'the ledger is append-only');
revoke update on ops.event_archives from current_user;

-- restore
select throws_ok($$ select ops.event_restore_begin('events_2017_03', '2017-03-01', '2017-05-01') $$, 'SS024', null, 'a range that is not the partition''s month is refused');
select throws_ok(format($$ select ops.event_restore_begin(%L, %L, %L) $$, 'events_' || to_char(now() at time zone 'utc', 'YYYY_MM'),
  date_trunc('month', now() at time zone 'utc') at time zone 'utc', (date_trunc('month', now() at time zone 'utc') + interval '1 month') at time zone 'utc'),
  'SS023', null, 'a partition still in the database is not restored over');
select lives_ok($$ select ops.event_restore_begin('events_2017_03', '2017-03-01 00:00:00+00', '2017-04-01 00:00:00+00') $$, 'the table is created');
select is(ops.event_restore_load('events_2017_03', array(select jsonb_array_elements_text(current_setting('test.lines')::jsonb))), 3::bigint, 'the canonical texts load');
select is((select jsonb_agg(ops.event_canonical_text(row(e.*)::ops.events) order by e.id) from ops.events_2017_03 e), current_setting('test.lines')::jsonb, 'as they were, to the microsecond and byte');
select throws_ok($$ select ops.event_restore_finish('events_2017_03', 'events_2017_03.jsonl.gz', repeat('a', 64), current_setting('test.m')::jsonb || '{"row_count": 4}') $$,
  'SS022', null, 'rows that are not the manifest''s are refused');
select isnt(ops.event_restore_finish('events_2017_03', 'events_2017_03.jsonl.gz', repeat('a', 64), current_setting('test.m')::jsonb), null, 'the partition is attached');
select is((select row(ok, problem, seals_archived)::text from ops.verify_event_seals()), '(t,,0)', 'the chain verifies from the database alone');
select throws_ok($$ insert into ops.events (occurred_at, source, event_type) values ('2017-03-20', 'x', 'y') $$, 'SS025', null, 'a row routed to the restored partition is refused');
select is((select count(*)::int from pg_class c, aclexplode(c.relacl) a where c.oid = 'ops.events_2017_03'::regclass and a.privilege_type in ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')),
  0, 'no role holds a write privilege on it, the owner included');

-- a partition dropped without an archive is still a broken seal
alter table ops.events detach partition ops.events_2017_03;
drop table ops.events_2017_03;
select is((select ok from ops.verify_event_seals()), false, 'a partition dropped without an archive breaks its seal');

select * from finish();
rollback;
