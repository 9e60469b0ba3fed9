-- The credential lifecycle: external credentials (held elsewhere, rotations recorded), exposure
-- (marked by service_role, an ERROR lint until rotated), per-instance webhook keys registered with
-- the instance, the accounting of each credential's use (accessor reads, webhook events, kept past
-- the purge), dead credentials, and Superset's read-only account.
begin;
select plan(46);
set local client_min_messages = error;

create temp table ev_mark as select coalesce(max(id), 0) as id from ops.events;
create function pg_temp.events_of(t text) returns bigint language sql as $$
  select count(*) from ops.events where id > (select id from ev_mark) and event_type = t $$;

-- external credentials: ssot never holds their value; their rotations are recorded
select is((select location || ' ' || (held_by is not null)::text from control_plane.secrets where name = 'superset_ro_db_password'), 'external true',
  'superset_ro''s password lives outside the vault (seed 003 §5.5: only in Superset''s datasource)');
select ok((select count(*) from control_plane.secrets where name in ('supabase_service_role_key', 'supabase_anon_key', 'supabase_jwt_secret',
  'odoo_api_key', 'embeddings_api_key', 'doadmin_db_password', 'odoo_app_db_password')) = 7, 'the seeds'' credentials are registered');
select throws_ok($$ select control_plane.set_secret('supabase_service_role_key', 'eyJhbGciOi.not.stored') $$, 'SS215', null,
  'an external credential cannot be put in the vault');
select is((select vault_secret_id from control_plane.secrets where name = 'supabase_service_role_key'), null, '… and nothing was stored');
select is((select state from control_plane.rotations_due where name = 'supabase_service_role_key'), 'unset', 'an external credential without a recorded rotation is unset');
select lives_ok($$ select control_plane.record_rotation('supabase_service_role_key', 'rotated in the dashboard') $$, 'its rotation is recorded');
select is((select state from control_plane.rotations_due where name = 'supabase_service_role_key'), 'ok', '… and it is ok');
select is(pg_temp.events_of('secret.rotated'), 1::bigint, '… with a secret.rotated event');
select throws_ok($$ select control_plane.record_rotation('vercel_api_token') $$, 'SS216', null, 'a vault secret''s rotation is a new value, not a record');
select throws_ok($$ select control_plane.record_rotation('no_such_credential') $$, 'SS211', null, 'unknown credential');
select throws_ok($$ select control_plane.record_rotation('supabase_anon_key', repeat('x', 501)) $$, 'SS217', null, 'a note over 500 characters');
select throws_ok($$ select control_plane.record_rotation(repeat('a', 128)) $$, 'SS251', null, 'an over-long name');
select is((select count(*)::int from control_plane.rotations where secret_name in ('vercel_api_token', 'supabase_anon_key')), 0, 'refused records write nothing');

-- exposure: service_role marks it through the RPC; anon and authenticated cannot
select control_plane.set_secret('vercel_api_token', 'vtok-lifecycle-value-0001');
select tests.as_anon();
select throws_ok($$ select public.control_plane_mark_secret_exposed('vercel_api_token', 'x') $$, '42501', null, 'anon cannot mark a credential exposed');
select tests.as_user('00000000-0000-0000-0000-0000000000a1');
select throws_ok($$ select public.control_plane_mark_secret_exposed('vercel_api_token', 'x') $$, '42501', null, 'authenticated cannot either');
select throws_ok($$ select private.control_plane_mark_secret_exposed('vercel_api_token', 'x') $$, '42501', null, 'nor call its body');
select tests.as_service();
select throws_ok($$ select public.control_plane_mark_secret_exposed('vercel_api_token', '   ') $$, 'SS217', null, 'a blank reason is refused');
select throws_ok($$ select public.control_plane_mark_secret_exposed('vercel_api_token', null) $$, 'SS217', null, 'a missing reason is refused');
select throws_ok($$ select public.control_plane_mark_secret_exposed('vercel_api_token', repeat('r', 501)) $$, 'SS217', null, 'a reason over 500 characters is refused');
select throws_ok($$ select public.control_plane_mark_secret_exposed('no_such_credential', 'leaked') $$, 'SS211', null, 'an unknown name is refused');
select throws_ok($$ select public.control_plane_mark_secret_exposed(repeat('a', 100000), 'leaked') $$, 'SS251', null, 'a huge name is refused before any lookup');
select tests.as_root();
select is(pg_temp.events_of('secret.exposed'), 0::bigint, 'refusals emit nothing');
select is((select count(*)::int from control_plane.secrets where exposed_at is not null), 0, '… and mark nothing');
select tests.as_service();
select isnt(public.control_plane_mark_secret_exposed('vercel_api_token', 'pasted in a public issue'), null, 'service_role marks it exposed');
select tests.as_root();
select is((select state from control_plane.rotations_due where name = 'vercel_api_token'), 'exposed', 'it is due now');
select is((select level from advisor.lints() where name = 'secret_exposed' and metadata ->> 'secret' = 'vercel_api_token'), 'ERROR',
  'the ERROR lint secret_exposed names it (the doctor fails)');
select is((select payload ->> 'reason' from ops.events where id > (select id from ev_mark) and event_type = 'secret.exposed'), 'pasted in a public issue',
  'secret.exposed carries the reason');
update control_plane.secrets set exposed_at = exposed_at - interval '1 hour' where name = 'vercel_api_token';
select public.control_plane_mark_secret_exposed('vercel_api_token', 'also in a log file');
select ok((select exposed_at < now() - interval '59 minutes' and exposed_reason = 'also in a log file' from control_plane.secrets where name = 'vercel_api_token'),
  'marking it again keeps the first time and takes the new reason');
select control_plane.set_secret('vercel_api_token', 'vtok-lifecycle-value-0002');
select is((select state from control_plane.rotations_due where name = 'vercel_api_token'), 'ok', 'a new value ends the exposure');
select ok(not exists (select from advisor.lints() where name = 'secret_exposed'), '… and the lint is quiet');
select is((select (payload ->> 'after_exposure')::boolean from ops.events where id > (select id from ev_mark) and event_type = 'secret.rotated'
            and payload ->> 'secret' = 'vercel_api_token'), true, 'the rotation event says it followed an exposure');
select public.control_plane_mark_secret_exposed('supabase_anon_key', 'in a screenshot');
select control_plane.record_rotation('supabase_anon_key');
select is((select state from control_plane.rotations_due where name = 'supabase_anon_key'), 'ok', 'a recorded rotation ends an external credential''s exposure');

-- an instance registers its webhook key; a name the registry cannot hold is refused
insert into odoo.instances (slug, name, webhook_secret_name) values ('t-life', 'Lifecycle', 'odoo.t-life.webhook_secret');
select is((select registered_for from control_plane.secrets where name = 'odoo.t-life.webhook_secret'), 'odoo.instances t-life',
  'the instance''s webhook key is registered with it');
select lives_ok($$ select control_plane.set_secret('odoo.t-life.webhook_secret', repeat('k', 32)) $$, 'so ssot secret set can give it a value');
select throws_ok($$ insert into odoo.instances (slug, name, webhook_secret_name) values ('t-bad', 'Bad', 'Odoo:T-Bad') $$, 'SS422', null,
  'a webhook key name the registry cannot hold is refused');
select throws_ok($$ insert into control_plane.secrets (name, owner, cadence, description) values ('odoo..x', 'p', 'quarterly', 'bad name here') $$, '23514', null,
  'the registry''s name rule');

-- the use of each credential: accessor reads and webhook events (kept past the purge)
select is((select last_used_at from control_plane.secret_use where name = 'odoo.t-life.webhook_secret'), null, 'a key nothing signed with was never used');
insert into odoo.webhook_events (instance_id, event_type, aggregate_type, aggregate_id, payload, idempotency_key, body_sha256, signed_at, received_at, status, completed_at)
select i.id, 'write', 'project.task', g::text, '{}', 'life-' || g, '\x00', now() - interval '40 days', now() - interval '40 days' + g * interval '1 minute', 'completed', now() - interval '40 days'
  from odoo.instances i, generate_series(1, 3) g where i.slug = 't-life';
select ok((select last_used_at > now() - interval '41 days' from control_plane.secret_use where name = 'odoo.t-life.webhook_secret'), 'signed events are uses of the key');
select ok((ops.purge_history() ->> 'webhook_events')::int >= 3, 'the purge deletes the finished events');
select is((select sum(events)::int from odoo.webhook_key_use u join odoo.instances i on i.id = u.instance_id where i.slug = 't-life'), 3,
  '… after counting them per hour');
select ok((select last_used_at > now() - interval '41 days' from control_plane.secret_use where name = 'odoo.t-life.webhook_secret'), 'so the key''s use outlives them');
select is((select sum(uses)::int from control_plane.secret_use_hourly where secret_name = 'odoo.t-life.webhook_secret'), 3, 'hourly: 3 uses');

-- dead credentials: a value for 30 days and no use in 90
update control_plane.secrets set last_rotated_at = now() - interval '40 days' where name = 'odoo.t-life.webhook_secret';
select ok(not exists (select from advisor.lints() where name = 'secret_unused' and metadata ->> 'secret' = 'odoo.t-life.webhook_secret'),
  'a key used within 90 days is not dead');
delete from odoo.webhook_key_use;
select is((select level from advisor.lints() where name = 'secret_unused' and metadata ->> 'secret' = 'odoo.t-life.webhook_secret'), 'WARN',
  'a key nothing used is reported dead');
update control_plane.secrets set last_rotated_at = now() - interval '40 days' where name = 'vercel_api_token';
select is((select count(*)::int from advisor.lints() where name = 'secret_unused' and metadata ->> 'secret' = 'vercel_api_token'), 1, 'so is an unread vault secret');
select control_plane.secret_value('vercel_api_token', 'ssot-cli');
select ok(not exists (select from advisor.lints() where name = 'secret_unused' and metadata ->> 'secret' = 'vercel_api_token'), 'a read through the audited accessor is a use');

select * from finish();
rollback;
