-- control_plane: who may read secrets (the two-step read), the access log, its bounds and rate
-- limit, rotation.
begin;
select plan(92);
set local client_min_messages = error; -- refusals raise a WARNING (SS220) by design

-- fixtures: a value for two secrets, an inactive bot with a grant
select control_plane.set_secret('vercel_api_token', 'vtok-initial-value-0001');
select control_plane.set_secret('do_api_token', 'dotok-value-0002');
insert into control_plane.bots (bot_id, display_name, active) values ('retired-bot', 'Retired', false);
insert into control_plane.secret_grants (bot_id, secret_name) values ('retired-bot', 'vercel_api_token');
create temp table log_mark as select coalesce(max(id), 0) as id from control_plane.access_log;
grant select on log_mark to public;
create function pg_temp.new_log_rows() returns bigint language sql as $$
  select count(*) from control_plane.access_log where id > (select id from log_mark) $$;
-- everything a call could leave behind: log rows, refusal counters, tickets
create function pg_temp.footprint() returns bigint language sql as $$
  select (select count(*) from control_plane.access_log) + (select count(*) from control_plane.refusal_counters)
       + (select count(*) from control_plane.secret_tickets) $$;
create temp table tickets (label text primary key, t uuid);
grant all on tickets to public;

-- API roles cannot reach the vault or the control plane directly
select tests.as_anon();
select throws_ok($$ select * from vault.decrypted_secrets $$, '42501', null, 'anon cannot read the vault');
select throws_ok($$ select * from control_plane.secrets $$, '42501', null, 'anon cannot read the registry');
select throws_ok($$ select * from control_plane.secret_grants $$, '42501', null, 'anon cannot read the grants');
select throws_ok($$ select * from control_plane.access_log $$, '42501', null, 'anon cannot read the access log');
select throws_ok($$ select public.control_plane_request_secret('vercel-bot', 'vercel_api_token') $$, '42501', null, 'anon cannot ask for a ticket');
select throws_ok($$ select public.control_plane_redeem_secret(gen_random_uuid()) $$, '42501', null, 'anon cannot redeem');
select tests.as_user('8d0fd2b3-9ca7-4d9e-a95f-9e13dded323e');
select throws_ok($$ select * from vault.secrets $$, '42501', null, 'authenticated cannot read the vault');
select throws_ok($$ select * from control_plane.secrets $$, '42501', null, 'authenticated cannot read the registry');
select throws_ok($$ select * from control_plane.secret_grants $$, '42501', null, 'authenticated cannot read the grants');
select throws_ok($$ select * from control_plane.access_log $$, '42501', null, 'authenticated cannot read the access log');
select throws_ok($$ select * from control_plane.secret_tickets $$, '42501', null, 'authenticated cannot read the tickets');
select throws_ok($$ select * from control_plane.refusal_counters $$, '42501', null, 'authenticated cannot read the refusal counters');
select throws_ok($$ select control_plane.rotate_secret('vercel_api_token', 'x') $$, '42501', null, 'authenticated cannot rotate');
select tests.as_service();
select throws_ok($$ select control_plane.set_secret('vercel_api_token', 'x') $$, '42501', null, 'service_role cannot set a secret');
select throws_ok($$ select control_plane.rotate_secret('vercel_api_token', 'x') $$, '42501', null, 'service_role cannot rotate (the owner does, with its log row)');
select tests.as_root();

-- writes: no control_plane or private function an API role can reach writes the vault (set_secret
-- and rotate_secret, which log, are for the owner: `ssot secret set`); service_role may only mark a
-- credential exposed, which forces a rotation and writes no value
select results_eq(
  $$ select r.rolname::text, p.oid::regprocedure::text
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       cross join (values ('anon'), ('authenticated'), ('service_role')) r(rolname)
      where n.nspname in ('control_plane', 'private') and p.prorettype <> 'trigger'::regtype
        and has_schema_privilege(r.rolname, n.oid, 'usage') and has_function_privilege(r.rolname, p.oid, 'execute')
        and p.proname !~ '^(odoo_webhook|ops_emit|ops_start_|ops_finish_|ai_|audit_|analytics_)'
      order by 1, 2 $$,
  $$ values ('authenticated', 'private.control_plane_redeem_secret(uuid)'),
            ('authenticated', 'private.control_plane_request_secret(text,text)'),
            ('service_role', 'private.control_plane_mark_secret_exposed(text,text)'),
            ('service_role', 'private.control_plane_redeem_secret(uuid)'),
            ('service_role', 'private.control_plane_request_secret(text,text)') $$,
  'API roles reach only the two read steps: no vault write, and no write without its log row');

-- step 1: a ticket and one log row with the request context
select tests.as_service('{}', '{"x-forwarded-for": "198.51.100.66, 203.0.113.7", "user-agent": "vercel-bot/1.0"}');
insert into tickets select 'svc', public.control_plane_request_secret('vercel-bot', 'vercel_api_token');
select tests.as_root();
select ok((select t from tickets where label = 'svc') is not null, 'service_role gets a ticket for a granted secret');
select is(pg_temp.new_log_rows(), 1::bigint, 'issuing a ticket adds exactly one log row');
select results_eq(
  $$ select bot_id, secret_name, access_type, outcome, reason, db_role, client_ip, user_agent from control_plane.access_log where id > (select id from log_mark) $$,
  $$ values ('vercel-bot', 'vercel_api_token', 'read', 'granted', 'ticket issued', 'service_role', '203.0.113.7', 'vercel-bot/1.0') $$,
  'the row names bot, secret, outcome, role, client IP (RIGHT-most x-forwarded-for: what the proxy appended) and user agent');
select is((select access_log_id from control_plane.secret_tickets where ticket = (select t from tickets where label = 'svc')),
  (select max(id) from control_plane.access_log), 'the ticket points at its log row');

-- step 2 in the same transaction: refused, the value never leaves with an uncommitted log row
select tests.as_service('{}', '{"x-forwarded-for": "203.0.113.7"}');
select throws_ok($$ select public.control_plane_redeem_secret((select t from tickets where label = 'svc')) $$, 'SS257',
  'the ticket was issued in this transaction: its access-log row is not committed yet',
  'a ticket issued in this transaction is refused (SS257): begin; request; redeem; rollback gets nothing');
savepoint sp_sub;
insert into tickets select 'sub', public.control_plane_request_secret('vercel-bot', 'vercel_api_token');
release savepoint sp_sub;
select tests.as_service();
select throws_ok($$ select public.control_plane_redeem_secret((select t from tickets where label = 'sub')) $$, 'SS257', null,
  'a ticket issued in a subtransaction (savepoint) of this transaction is refused too');
select throws_ok($$ select public.control_plane_redeem_secret(null) $$, 'SS256', null, 'no ticket: SS256');
select throws_ok($$ select public.control_plane_redeem_secret(gen_random_uuid()) $$, 'SS256', null, 'an unknown ticket: SS256');
select tests.as_user('11111111-1111-4111-8111-111111111111', '{"bot_id": "vercel-bot"}');
select throws_ok($$ select public.control_plane_redeem_secret((select t from tickets where label = 'svc')) $$, 'SS256', null,
  'another caller''s ticket: SS256 (checked before anything else about it)');
select tests.as_root();
update control_plane.secret_tickets set expires_at = now() - interval '1 second' where ticket = (select t from tickets where label = 'sub');
select tests.as_service();
select throws_ok($$ select public.control_plane_redeem_secret((select t from tickets where label = 'sub')) $$, 'SS256', null, 'an expired ticket: SS256');

-- bots by JWT
select tests.as_user('11111111-1111-4111-8111-111111111111', '{"bot_id": "vercel-bot"}', '{"cf-connecting-ip": "198.51.100.4"}');
select ok(public.control_plane_request_secret('vercel-bot', 'vercel_api_token') is not null, 'a JWT naming the bot gets a ticket');
select tests.as_user('11111111-1111-4111-8111-111111111111', '{"app_metadata": {"bot_id": "do-infra-bot"}}');
select ok(public.control_plane_request_secret('do-infra-bot', 'do_api_token') is not null, 'app_metadata.bot_id names the bot too');
select tests.as_root();
select is((select jwt_sub || ' ' || coalesce(client_ip, 'null') from control_plane.access_log where id > (select id from log_mark) and bot_id = 'vercel-bot' and db_role = 'authenticated'),
  '11111111-1111-4111-8111-111111111111 ' || coalesce(host(inet_client_addr()), 'null'),
  'the JWT subject is logged; a client-written cf-connecting-ip is ignored unless configured');
set local ssot.client_ip_header = 'cf-connecting-ip';
select tests.as_user('11111111-1111-4111-8111-111111111111', '{"bot_id": "vercel-bot"}', '{"cf-connecting-ip": "198.51.100.4", "x-forwarded-for": "192.0.2.99"}');
select ok(public.control_plane_request_secret('vercel-bot', 'vercel_api_token') is not null, 'a ticket behind a configured trusted header');
select tests.as_root();
select is((select client_ip from control_plane.access_log order by id desc limit 1), '198.51.100.4', 'ssot.client_ip_header names the trusted header');
create temp table fp as select pg_temp.footprint() as n;
set local ssot.client_ip_header = 'X-Bad Header';
select tests.as_service();
select throws_ok($$ select public.control_plane_request_secret('vercel-bot', 'vercel_api_token') $$, 'SS255', null, 'a malformed ssot.client_ip_header: SS255');
reset ssot.client_ip_header;

-- bounded input: raised before any work or logging, nothing left behind, as every API role
select tests.as_user('11111111-1111-4111-8111-111111111111', '{"bot_id": "vercel-bot"}');
select throws_ok($$ select public.control_plane_request_secret(repeat('a', 10 * 1024 * 1024), 'vercel_api_token') $$, 'SS250', null,
  'authenticated: a 10 MB bot_id raises SS250');
select throws_ok($$ select public.control_plane_request_secret('vercel-bot', repeat('a', 10 * 1024 * 1024)) $$, 'SS251', null,
  'authenticated: a 10 MB secret_name raises SS251');
select throws_ok($$ select public.control_plane_request_secret('Vercel Bot!', 'vercel_api_token') $$, 'SS250', null, 'a bot_id no bot can have raises SS250');
select throws_ok($$ select public.control_plane_request_secret(null, 'vercel_api_token') $$, 'SS250', null, 'a NULL bot_id raises SS250');
select throws_ok($$ select public.control_plane_request_secret('vercel-bot', 'x;drop') $$, 'SS251', null, 'a secret_name no secret can have raises SS251');
select tests.as_service();
select throws_ok($$ select public.control_plane_request_secret(repeat('a', 10 * 1024 * 1024), 'vercel_api_token') $$, 'SS250', null,
  'service_role: a 10 MB bot_id raises SS250');
select tests.as_anon();
select throws_ok($$ select public.control_plane_request_secret(repeat('a', 10 * 1024 * 1024), 'vercel_api_token') $$, '42501', null,
  'anon: a 10 MB bot_id is refused by the grant');
select tests.as_user('11111111-1111-4111-8111-111111111111', jsonb_build_object('bot_id', 'vercel-bot', 'pad', repeat('p', 20000)));
select throws_ok($$ select public.control_plane_request_secret('vercel-bot', 'vercel_api_token') $$, 'SS252', null, 'claims over 16 kB: SS252');
select tests.as_user('11111111-1111-4111-8111-111111111111', '{"bot_id": "vercel-bot"}', jsonb_build_object('user-agent', repeat('u', 40000)));
select throws_ok($$ select public.control_plane_request_secret('vercel-bot', 'vercel_api_token') $$, 'SS253', null, 'headers over 32 kB: SS253');
select tests.as_user('11111111-1111-4111-8111-111111111111', jsonb_build_object('bot_id', repeat('b', 64)));
select throws_ok($$ select public.control_plane_request_secret('vercel-bot', 'vercel_api_token') $$, 'SS254', null, 'a bot_id claim over 63 characters: SS254');
select tests.as_service(jsonb_build_object('sub', repeat('s', 256)));
select throws_ok($$ select public.control_plane_request_secret('vercel-bot', 'vercel_api_token') $$, 'SS254', null, 'a sub claim over 255 characters: SS254');
select tests.as_root();
select is(pg_temp.footprint(), (select n from fp), 'none of the bad calls left a log row, a counter or a ticket');

-- stored header values: control characters escaped, lengths bounded
select tests.as_service('{}', jsonb_build_object('user-agent', E'bot/1.0\n2026-12-01 00:00:00 granted admin\u2028\u202e' || repeat('x', 2000),
                                                 'x-forwarded-for', E'192.0.2.1, 203.0.113.8\r\nforged'));
select ok(public.control_plane_request_secret('vercel-bot', 'vercel_api_token') is not null, 'a ticket with hostile headers');
select tests.as_root();
select is((select left(user_agent, 56) from control_plane.access_log order by id desc limit 1),
  'bot/1.0\x0a2026-12-01 00:00:00 granted admin\u2028\u202e', 'newline, line separator and bidi override are escaped');
select ok((select user_agent !~ '[\x01-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e]' and char_length(user_agent) <= 256 + 5 * 3
             from control_plane.access_log order by id desc limit 1), 'the stored user agent is one bounded line');
select is((select client_ip from control_plane.access_log order by id desc limit 1), '203.0.113.8\x0d\x0aforged',
  'the stored client IP is escaped too');
select tests.as_service('{}', jsonb_build_object('user-agent', 'curl\x0aforged', 'x-forwarded-for', '203.0.113.9'));
select ok(public.control_plane_request_secret('vercel-bot', 'vercel_api_token') is not null, 'a ticket with a backslash in plain ASCII');
select tests.as_root();
select is((select user_agent from control_plane.access_log order by id desc limit 1), 'curl\x5cx0aforged',
  'a backslash in otherwise plain ASCII is escaped, so a stored value cannot fake an escape');

-- refusals: NULL, one row marked refused each, nothing secret
truncate log_mark; insert into log_mark select max(id) from control_plane.access_log;
select tests.as_user('11111111-1111-4111-8111-111111111111', '{"bot_id": "bugbot"}');
select is(public.control_plane_request_secret('vercel-bot', 'vercel_api_token'), null, 'a JWT naming another bot gets NULL');
select tests.as_user('11111111-1111-4111-8111-111111111111');
select is(public.control_plane_request_secret('vercel-bot', 'vercel_api_token'), null, 'a user JWT without a bot gets NULL');
select tests.as_service();
select is(public.control_plane_request_secret('ghost-bot', 'vercel_api_token'), null, 'an unknown bot gets NULL');
select is(public.control_plane_request_secret('retired-bot', 'vercel_api_token'), null, 'an inactive bot gets NULL');
select is(public.control_plane_request_secret('bugbot', 'vercel_api_token'), null, 'a bot without a grant gets NULL');
select is(public.control_plane_request_secret('bugbot', 'github_app_private_key'), null, 'a granted secret without a value gets NULL');
select tests.as_root();
select results_eq(
  $$ select bot_id, outcome, reason from control_plane.access_log where id > (select id from log_mark) order by id $$,
  $$ values ('vercel-bot', 'refused', 'JWT names bot bugbot, not vercel-bot'),
            ('vercel-bot', 'refused', 'caller is neither service_role nor a bot JWT'),
            ('ghost-bot', 'refused', 'unknown bot'),
            ('retired-bot', 'refused', 'bot is inactive'),
            ('bugbot', 'refused', 'no grant for this bot on this secret'),
            ('bugbot', 'refused', 'secret has no value yet') $$,
  'each refusal adds one row marked refused, with the reason');
select is((select count(*)::int from control_plane.secret_tickets where access_log_id > (select id from log_mark)), 0, 'a refusal issues no ticket');
select is((select count(*)::int from control_plane.access_log where reason ~ 'vtok|dotok'), 0, 'no log row holds a value');

-- the refusal rate limit: 10 logged per subject and client IP per 60 s, the rest counted
truncate log_mark; insert into log_mark select max(id) from control_plane.access_log;
create temp table refusals_before as select control_plane.refusals_since(now() - interval '15 minutes') as n;
select tests.as_user('22222222-2222-4222-8222-222222222222', '{"bot_id": "bugbot"}', '{"x-forwarded-for": "192.0.2.50"}');
select is((select count(*)::int from generate_series(1, 25) g where public.control_plane_request_secret('vercel-bot', 'vercel_api_token') is null),
  25, '25 refusals in a row, each NULL');
select tests.as_root();
select is(pg_temp.new_log_rows(), 10::bigint, 'only the first 10 refusals of the window are logged row by row');
select results_eq(
  $$ select logged, pending_suppressed, suppressed_total from control_plane.refusal_counters
      where subject = 'sub:22222222-2222-4222-8222-222222222222' and client_ip = '192.0.2.50' $$,
  $$ values (10, 15, 15::bigint) $$, 'the other 15 are counted');
select tests.as_user('22222222-2222-4222-8222-222222222222', '{"bot_id": "bugbot"}', '{"x-forwarded-for": "192.0.2.51"}');
select is(public.control_plane_request_secret('vercel-bot', 'vercel_api_token'), null, 'the same subject from another IP');
select tests.as_root();
select is(pg_temp.new_log_rows(), 11::bigint, 'another client IP has its own limit');
select is(control_plane.refusals_since(now() - interval '15 minutes') - (select n from refusals_before), 26::bigint,
  'refusals_since counts the 26 refusals, logged or only counted (the health-check payload''s secret_refusals_15m)');
update control_plane.refusal_counters set window_start = window_start - interval '61 seconds'
 where subject = 'sub:22222222-2222-4222-8222-222222222222' and client_ip = '192.0.2.50';
select tests.as_user('22222222-2222-4222-8222-222222222222', '{"bot_id": "bugbot"}', '{"x-forwarded-for": "192.0.2.50"}');
select is(public.control_plane_request_secret('vercel-bot', 'vercel_api_token'), null, 'a refusal in the next window');
select tests.as_root();
select is((select suppressed_before from control_plane.access_log order by id desc limit 1), 15,
  'the first logged refusal of the next window records the 15 suppressed before it');
select is((select pending_suppressed from control_plane.refusal_counters
            where subject = 'sub:22222222-2222-4222-8222-222222222222' and client_ip = '192.0.2.50'), 0, 'and the pending count restarts');
select is(control_plane.refusals_since(now() - interval '15 minutes') - (select n from refusals_before), 27::bigint,
  'a suppressed count reported by the next logged row is counted once');

-- the commit mode
select tests.as_service();
set local synchronous_commit = off;
select ok(public.control_plane_request_secret('vercel-bot', 'vercel_api_token') is not null and current_setting('synchronous_commit') = 'local',
  'sync (the default) raises synchronous_commit off to local: the ticket is visible only once its log row is flushed');
set local synchronous_commit = on;
set local ssot.access_log_commit = 'async';
select ok(public.control_plane_request_secret('vercel-bot', 'vercel_api_token') is not null and current_setting('synchronous_commit') = 'on',
  'async, in a transaction that wrote before, leaves synchronous_commit as it was');
set local ssot.access_log_commit = 'synch';
select tests.as_root();
create temp table fp2 as select pg_temp.footprint() as n;
select tests.as_service();
select throws_ok($$ select public.control_plane_request_secret('vercel-bot', 'vercel_api_token') $$, 'SS221',
  'ssot.access_log_commit must be sync or async', 'an unknown ssot.access_log_commit raises SS221');
reset ssot.access_log_commit;
select tests.as_root();
select is(pg_temp.footprint(), (select n from fp2), 'the refused configuration logged nothing');

-- the log is append-only: nobody holds UPDATE, DELETE or TRUNCATE, and an owner who grants them to
-- itself is still refused by the guard triggers
select throws_ok($$ update control_plane.access_log set outcome = 'granted' where id = (select max(id) from control_plane.access_log) $$,
  case when (select rolsuper from pg_roles where rolname = current_user) then 'SS210' else '42501' end, null, 'UPDATE is not granted, not even to the owner');
grant update, delete, truncate on control_plane.access_log to current_user;
select throws_ok($$ update control_plane.access_log set outcome = 'granted' where id = (select max(id) from control_plane.access_log) $$, 'SS210', null, 'the log refuses UPDATE');
select throws_ok($$ delete from control_plane.access_log $$, 'SS210', null, 'the log refuses DELETE');
select throws_ok($$ truncate control_plane.access_log $$, 'SS210', null, 'the log refuses TRUNCATE');
revoke update, delete, truncate on control_plane.access_log from current_user;
select is((select array_agg(distinct t.tgfoid::regproc::text) from pg_trigger t where t.tgrelid = 'control_plane.access_log'::regclass and not t.tgisinternal),
  array['ops.tg__append_only'], 'the access log is guarded by the one append-only trigger function, with its own SQLSTATE as argument');
select is((select count(*)::int from pg_proc where proname = 'tg__append_only'), 1, 'there is one append-only trigger function');

-- rotation: the same vault secret, a new value, recorded
create temp table before_rot as select vault_secret_id as id from control_plane.secrets where name = 'vercel_api_token';
select lives_ok($$ select control_plane.rotate_secret('vercel_api_token', 'vtok-rotated-0003') $$, 'rotate_secret runs');
select throws_ok($$ select control_plane.rotate_secret(repeat('n', 10 * 1024 * 1024), 'x') $$, 'SS251', null, 'a 10 MB secret name is refused before the lookup (SS251)');
select throws_ok($$ select control_plane.rotate_secret('vercel_api_token', repeat('v', 65537)) $$, 'SS259', null, 'a value over 64 kB is refused (SS259)');
select is((select vault_secret_id from control_plane.secrets where name = 'vercel_api_token'), (select id from before_rot), 'the registry still points at the same vault secret');
select is((select count(*)::int from vault.secrets where name = 'vercel_api_token'), 1, 'no second vault secret');
select is((select decrypted_secret from vault.decrypted_secrets where id = (select id from before_rot)), 'vtok-rotated-0003', 'the vault holds the new value');
select is((select array_agg(kind order by id) from control_plane.rotations where secret_name = 'vercel_api_token'), array['initial', 'rotation'], 'the initial set and the rotation are recorded');
select is((select count(*)::int from control_plane.access_log where secret_name = 'vercel_api_token' and access_type = 'rotate'), 1, 'the rotation is logged');
select throws_ok($$ select control_plane.rotate_secret('nope', 'x') $$, 'SS211', null, 'rotating an unknown secret is refused');
select throws_ok($$ select control_plane.rotate_secret('vercel_api_token', '') $$, 'SS212', null, 'an empty value is refused');
select throws_ok($$ select control_plane.rotate_secret('github_app_private_key', 'x') $$, 'SS213', null, 'a secret never set cannot be rotated');
select throws_ok($$ select control_plane.set_secret('not_registered', 'x') $$, 'SS211', null, 'setting an unregistered secret is refused');

-- rotations due against the cadence
update control_plane.secrets set last_rotated_at = now() - interval '4 months' where name = 'do_api_token';
select results_eq(
  $$ select name, state from control_plane.rotations_due where name in ('do_api_token', 'vercel_api_token', 'github_app_private_key') order by name $$,
  $$ values ('do_api_token', 'overdue'), ('github_app_private_key', 'unset'), ('vercel_api_token', 'ok') $$,
  'quarterly secret rotated 4 months ago is overdue; one never set is unset; a fresh one is ok');

select * from finish();
rollback;
