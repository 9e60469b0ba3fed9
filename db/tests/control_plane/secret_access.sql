-- control_plane: who may read secrets, the access log, rotation.
begin;
select plan(43);
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

-- API roles cannot reach the vault or the control plane directly
select tests.as_anon();
select throws_ok($$ select * from vault.decrypted_secrets $$, '42501', null, 'anon cannot read the vault');
select throws_ok($$ select * from control_plane.secrets $$, '42501', null, 'anon cannot read the registry');
select throws_ok($$ select * from control_plane.secret_grants $$, '42501', null, 'anon cannot read the grants');
select throws_ok($$ select * from control_plane.access_log $$, '42501', null, 'anon cannot read the access log');
select throws_ok($$ select public.control_plane_get_secret_logged('vercel-bot', 'vercel_api_token') $$, '42501', null, 'anon cannot call the accessor');
select tests.as_user('8d0fd2b3-9ca7-4d9e-a95f-9e13dded323e');
select throws_ok($$ select * from vault.secrets $$, '42501', null, 'authenticated cannot read the vault');
select throws_ok($$ select * from control_plane.secrets $$, '42501', null, 'authenticated cannot read the registry');
select throws_ok($$ select * from control_plane.secret_grants $$, '42501', null, 'authenticated cannot read the grants');
select throws_ok($$ select * from control_plane.access_log $$, '42501', null, 'authenticated cannot read the access log');
select throws_ok($$ select control_plane.rotate_secret('vercel_api_token', 'x') $$, '42501', null, 'authenticated cannot rotate');

-- granted reads: one log row each, with the request context
select tests.as_service('{}', '{"x-forwarded-for": "203.0.113.7, 10.0.0.1", "user-agent": "vercel-bot/1.0"}');
select is(public.control_plane_get_secret_logged('vercel-bot', 'vercel_api_token'), 'vtok-initial-value-0001', 'service_role reads a granted secret');
select tests.as_root();
select is(pg_temp.new_log_rows(), 1::bigint, 'a successful read adds exactly one log row');
select results_eq(
  $$ select bot_id, secret_name, access_type, outcome, db_role, client_ip, user_agent from control_plane.access_log where id > (select id from log_mark) $$,
  $$ values ('vercel-bot', 'vercel_api_token', 'read', 'granted', 'service_role', '203.0.113.7', 'vercel-bot/1.0') $$,
  'the row names bot, secret, outcome, role, client IP (left-most x-forwarded-for) and user agent');

select tests.as_user('11111111-1111-4111-8111-111111111111', '{"bot_id": "vercel-bot"}', '{"x-real-ip": "198.51.100.4"}');
select is(public.control_plane_get_secret_logged('vercel-bot', 'vercel_api_token'), 'vtok-initial-value-0001', 'a JWT naming the bot reads its granted secret');
select tests.as_user('11111111-1111-4111-8111-111111111111', '{"app_metadata": {"bot_id": "do-infra-bot"}}');
select is(public.control_plane_get_secret_logged('do-infra-bot', 'do_api_token'), 'dotok-value-0002', 'app_metadata.bot_id names the bot too');
select tests.as_root();
select is(pg_temp.new_log_rows(), 3::bigint, 'three reads, three rows');
select is((select jwt_sub || ' ' || client_ip from control_plane.access_log where id > (select id from log_mark) and bot_id = 'vercel-bot' and db_role = 'authenticated'),
  '11111111-1111-4111-8111-111111111111 198.51.100.4', 'the JWT subject and x-real-ip are logged');

-- refusals: NULL, one row marked refused each, nothing secret
truncate log_mark; insert into log_mark select max(id) from control_plane.access_log;
select tests.as_user('11111111-1111-4111-8111-111111111111', '{"bot_id": "bugbot"}');
select is(public.control_plane_get_secret_logged('vercel-bot', 'vercel_api_token'), null, 'a JWT naming another bot gets NULL');
select tests.as_user('11111111-1111-4111-8111-111111111111');
select is(public.control_plane_get_secret_logged('vercel-bot', 'vercel_api_token'), null, 'a user JWT without a bot gets NULL');
select tests.as_service();
select is(public.control_plane_get_secret_logged('ghost-bot', 'vercel_api_token'), null, 'an unknown bot gets NULL');
select is(public.control_plane_get_secret_logged('retired-bot', 'vercel_api_token'), null, 'an inactive bot gets NULL');
select is(public.control_plane_get_secret_logged('bugbot', 'vercel_api_token'), null, 'a bot without a grant gets NULL');
select is(public.control_plane_get_secret_logged('bugbot', 'github_app_private_key'), null, 'a granted secret without a value gets NULL');
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
select is((select count(*)::int from control_plane.access_log where reason ~ 'vtok|dotok'), 0, 'no log row holds a value');

-- the commit mode: a transaction that already wrote keeps its durability; a bad value is refused
create temp table log_before as select count(*) as n from control_plane.access_log;
select tests.as_service();
select is(current_setting('synchronous_commit'), 'on', 'synchronous_commit starts on');
select ok(public.control_plane_get_secret_logged('vercel-bot', 'vercel_api_token') is not null and current_setting('synchronous_commit') = 'on',
  'in a transaction that wrote before, the default async mode leaves synchronous_commit on');
set local ssot.access_log_commit = 'synch';
select throws_ok($$ select public.control_plane_get_secret_logged('vercel-bot', 'vercel_api_token') $$, 'SS221',
  'ssot.access_log_commit is ''synch''; it must be async or sync', 'an unknown ssot.access_log_commit raises SS221');
reset ssot.access_log_commit;
select tests.as_root();
select is((select count(*) from control_plane.access_log), (select n from log_before) + 1, 'the refused configuration read and logged nothing');

-- the log is append-only
select throws_ok($$ update control_plane.access_log set outcome = 'granted' where id = (select max(id) from control_plane.access_log) $$, 'SS210', null, 'the log refuses UPDATE');
select throws_ok($$ delete from control_plane.access_log $$, 'SS210', null, 'the log refuses DELETE');
select throws_ok($$ truncate control_plane.access_log $$, 'SS210', null, 'the log refuses TRUNCATE');

-- rotation: the same vault secret, a new value, recorded
create temp table before_rot as select vault_secret_id as id from control_plane.secrets where name = 'vercel_api_token';
select lives_ok($$ select control_plane.rotate_secret('vercel_api_token', 'vtok-rotated-0003') $$, 'rotate_secret runs');
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
