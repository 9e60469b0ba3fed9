-- public.odoo_webhook: the bad-input corpus. Every rejection gets its own SQLSTATE, inserts
-- nothing, and is counted (odoo.v_webhook_rejections); good deliveries, replays and edge cases
-- (limits, unicode, header case, sha256= prefix) are accepted. Replays of captured requests under
-- another idempotency key (new, respelled, stripped, the default sig: form) are refused, and
-- respelled signatures are deduplicated. Requests are made as anon, the way PostgREST calls the
-- function for an unauthenticated POST with Content-Type: text/plain.
begin;
select plan(86);

insert into odoo.instances (slug, name, webhook_secret_name, max_body_bytes, active) values
  ('t-acme', 'Acme', 'test.odoo.t-acme.webhook', 1024, true),
  ('t-other', 'Other', 'test.odoo.t-other.webhook', 4096, true),
  ('t-sleepy', 'Sleepy', 'test.odoo.t-sleepy.webhook', 1024, false),
  ('t-nosecret', 'No secret', 'test.odoo.t-nosecret.webhook', 1024, true),
  ('t-weak', 'Weak key', 'test.odoo.t-weak.webhook', 1024, true),
  ('t-empty', 'Empty key', 'test.odoo.t-empty.webhook', 1024, true);
select vault.create_secret('acme-0123456789abcdef0123456789abcdef', 'test.odoo.t-acme.webhook');
select vault.create_secret('other-fedcba9876543210fedcba9876543210', 'test.odoo.t-other.webhook');
select vault.create_secret('sleepy-secret-0123456789abcdef0123456789', 'test.odoo.t-sleepy.webhook');
-- keys set by hand in the vault, under the 32-byte floor: 31 bytes, and empty (an unset shell
-- variable); the instances were created first, so their trigger did not see these
select vault.create_secret('weak-0123456789abcdef0123456789', 'test.odoo.t-weak.webhook');
select vault.create_secret('', 'test.odoo.t-empty.webhook');

create temp table before_rejections as select code, rejected from odoo.v_webhook_rejections;
create temp table before_by_instance as select slug, rejected from odoo.v_webhook_rejections_by_instance;
create temp table before_events as select count(*)::int as n from odoo.webhook_events;
grant select on before_rejections, before_events to anon;

create function pg_temp.now_s() returns text language sql stable as $$ select extract(epoch from now())::bigint::text $$;
-- the signing string: timestamp.body, or timestamp.key.body when an idempotency key is sent
create function pg_temp.sig(secret text, ts text, body text, key text default null) returns text language sql immutable as
  $$ select encode(extensions.hmac(ts || '.' || coalesce(key || '.', '') || body, secret, 'sha256'), 'hex') $$;
-- headers of a correctly signed request (extra headers merged last; a null value removes a header;
-- an x-idempotency-key in extra is signed)
create function pg_temp.signed(body text, extra jsonb default '{}', instance text default 't-acme',
                               secret text default 'acme-0123456789abcdef0123456789abcdef', ts text default null) returns jsonb
language sql stable as $$
  select jsonb_strip_nulls(jsonb_build_object(
           'x-ipai-instance', instance,
           'x-ipai-timestamp', coalesce(ts, pg_temp.now_s()),
           'x-ipai-signature', pg_temp.sig(secret, coalesce(ts, pg_temp.now_s()), body, extra ->> 'x-idempotency-key')) || extra)
$$;
-- the same request with its headers changed after signing (what a replay can do without the secret)
create function pg_temp.tampered(headers jsonb, changes jsonb) returns jsonb language sql immutable as
  $$ select jsonb_strip_nulls(headers || changes) $$;
create function pg_temp.events_of(instance text) returns int language sql stable as
  $$ select count(*)::int from odoo.webhook_events e join odoo.instances i on i.id = e.instance_id where i.slug = instance $$;
-- a request as PostgREST makes it: headers in request.headers, role anon
create function pg_temp.post(body text, headers jsonb) returns uuid language plpgsql as $$
declare
  id uuid;
begin
  perform set_config('request.headers', headers::text, true);
  perform set_config('role', 'anon', true);
  id := public.odoo_webhook(body);
  perform set_config('role', 'none', true);
  return id;
end
$$;
create function pg_temp.rejects(body text, headers jsonb, code text, description text) returns text language sql as $$
  select throws_ok(format('select pg_temp.post(%L, %L::jsonb)', body, headers), code, null, code || ': ' || description)
$$;
create function pg_temp.ev(n int) returns text language sql immutable as
  $$ select format('{"event_type":"write","aggregate_type":"project.task","aggregate_id":%s,"payload":{"name":"Task %s"}}', n, n) $$;

-- accepted ------------------------------------------------------------------------------------
create temp table ids (label text primary key, id uuid);
insert into ids select 'first', pg_temp.post(pg_temp.ev(1), pg_temp.signed(pg_temp.ev(1)));
select isnt((select id from ids where label = 'first'), null, 'a correctly signed event is accepted and returns its id');
select is(pg_temp.post(pg_temp.ev(1), pg_temp.signed(pg_temp.ev(1))), (select id from ids where label = 'first'),
          'a byte-identical replay returns the first id');
select is((select count(*)::int from odoo.webhook_events e join odoo.instances i on i.id = e.instance_id where i.slug = 't-acme'), 1,
          'the replay inserted nothing');
insert into ids select 'keyed', pg_temp.post(pg_temp.ev(2), pg_temp.signed(pg_temp.ev(2), '{"x-idempotency-key": "evt-2"}'));
select is(pg_temp.post(pg_temp.ev(2), pg_temp.signed(pg_temp.ev(2), '{"x-idempotency-key": "evt-2"}', ts => (pg_temp.now_s()::bigint - 10)::text)),
          (select id from ids where label = 'keyed'), 'a redelivery with the same x-idempotency-key (new timestamp) returns the first id');
select lives_ok(format('select pg_temp.post(%L, %L::jsonb)', pg_temp.ev(3),
          pg_temp.signed(pg_temp.ev(3), jsonb_build_object('x-ipai-signature', 'sha256=' || pg_temp.sig('acme-0123456789abcdef0123456789abcdef', pg_temp.now_s(), pg_temp.ev(3))))),
          'a signature prefixed sha256= is accepted');
select lives_ok(format('select pg_temp.post(%L, %L::jsonb)', pg_temp.ev(4),
          pg_temp.signed(pg_temp.ev(4), jsonb_build_object('x-ipai-signature', upper(pg_temp.sig('acme-0123456789abcdef0123456789abcdef', pg_temp.now_s(), pg_temp.ev(4)))))),
          'upper-case hex is accepted');
select lives_ok(format('select pg_temp.post(%L, %L::jsonb)', pg_temp.ev(5),
          jsonb_build_object('X-IPAI-Instance', 't-acme', 'X-Ipai-Timestamp', pg_temp.now_s(),
                             'X-IPAI-SIGNATURE', pg_temp.sig('acme-0123456789abcdef0123456789abcdef', pg_temp.now_s(), pg_temp.ev(5)))),
          'header names are case-insensitive');
select lives_ok(format('select pg_temp.post(%L, %L::jsonb)', pg_temp.ev(6),
          pg_temp.signed(pg_temp.ev(6), ts => (pg_temp.now_s()::bigint - 299)::text)), 'a timestamp 299 s old is inside the window');
select lives_ok(format('select pg_temp.post(%L, %L::jsonb)', pg_temp.ev(7),
          pg_temp.signed(pg_temp.ev(7), ts => (pg_temp.now_s()::bigint + 299)::text)), 'a timestamp 299 s ahead is inside the window');
insert into ids select 'unicode', pg_temp.post(
  '{"event_type":"write","aggregate_type":"project.task","aggregate_id":"8","payload":{"name":"Ünïcødé 東京 🚀 ✓"}}',
  pg_temp.signed('{"event_type":"write","aggregate_type":"project.task","aggregate_id":"8","payload":{"name":"Ünïcødé 東京 🚀 ✓"}}'));
select is((select payload ->> 'name' from odoo.webhook_events where id = (select id from ids where label = 'unicode')), 'Ünïcødé 東京 🚀 ✓',
          'a unicode body is verified over its UTF-8 bytes and stored intact');
-- a body of exactly max_body_bytes (1024): pad the payload
create temp table limit_bodies as
  select b || repeat('x', 1024 - octet_length(b) - 3) || '"}}' as at_limit,
         b || repeat('x', 1024 - octet_length(b) - 2) || '"}}' as over_limit
    from (select '{"event_type":"write","aggregate_type":"project.task","aggregate_id":9,"payload":{"note":"'::text as b) s;
grant select on limit_bodies to anon;
select is((select octet_length(at_limit) from limit_bodies), 1024, 'the at-limit body is 1024 bytes');
select lives_ok(format('select pg_temp.post(%L, %L::jsonb)', (select at_limit from limit_bodies), pg_temp.signed((select at_limit from limit_bodies))),
          'a body at the size limit is accepted');
insert into ids select 'unhandled', pg_temp.post('{"event_type":"write","aggregate_type":"res.partner","aggregate_id":"ext-ABC_1","payload":{}}',
  pg_temp.signed('{"event_type":"write","aggregate_type":"res.partner","aggregate_id":"ext-ABC_1","payload":{}}'));
select isnt((select id from ids where label = 'unhandled'), null, 'a model without a handler keeps any short id (no handler reads it)');
select is(pg_temp.events_of('t-acme'), 10, 'ten distinct events were accepted');

-- replays of captured requests: deduplicated when only the signature's spelling changed, refused
-- under another idempotency key; none inserts anything
create temp table captured as
  select pg_temp.signed(pg_temp.ev(1)) as keyless, pg_temp.sig('acme-0123456789abcdef0123456789abcdef', pg_temp.now_s(), pg_temp.ev(1)) as keyless_sig,
         pg_temp.signed(pg_temp.ev(2), '{"x-idempotency-key": "evt-2"}') as keyed,
         pg_temp.sig('acme-0123456789abcdef0123456789abcdef', pg_temp.now_s(), pg_temp.ev(2), 'evt-2') as keyed_sig;
grant select on captured to anon;
select is(pg_temp.post(pg_temp.ev(1), pg_temp.tampered((select keyless from captured), jsonb_build_object('x-ipai-signature', upper((select keyless_sig from captured))))),
          (select id from ids where label = 'first'), 'a keyless replay with the signature in upper-case hex returns the first id');
select is(pg_temp.post(pg_temp.ev(1), pg_temp.tampered((select keyless from captured), jsonb_build_object('x-ipai-signature', 'SHA256=' || (select keyless_sig from captured)))),
          (select id from ids where label = 'first'), 'a keyless replay with a SHA256= prefix added returns the first id');
select is(pg_temp.post(pg_temp.ev(2), pg_temp.tampered((select keyed from captured), jsonb_build_object('x-ipai-signature', 'sha256=' || upper((select keyed_sig from captured))))),
          (select id from ids where label = 'keyed'), 'a keyed replay with the signature respelled returns the first id');
select pg_temp.rejects(pg_temp.ev(1), pg_temp.tampered((select keyless from captured), '{"x-idempotency-key": "evt-new"}'), 'SS415',
  'a captured keyless request sent again with a new x-idempotency-key');
select pg_temp.rejects(pg_temp.ev(1), pg_temp.tampered((select keyless from captured), jsonb_build_object('x-idempotency-key', 'SIG:' || upper((select keyless_sig from captured)))),
  'SS415', 'a captured keyless request sent again with its default key spelled in upper case');
select pg_temp.rejects(pg_temp.ev(1), pg_temp.tampered((select keyless from captured), jsonb_build_object('x-idempotency-key', 'sig:' || (select keyless_sig from captured))),
  'SS415', 'a captured keyless request sent again with its default key sent explicitly');
select pg_temp.rejects(pg_temp.ev(1), pg_temp.tampered((select keyless from captured), jsonb_build_object('x-idempotency-key', E'evt 1\u00e9\t')),
  'SS415', 'a captured keyless request sent again with a key of odd characters');
select pg_temp.rejects(pg_temp.ev(1), pg_temp.tampered((select keyless from captured), jsonb_build_object('x-idempotency-key', '',
    'x-ipai-signature', 'sha256=' || upper((select keyless_sig from captured)))),
  'SS415', 'a captured keyless request sent again with an empty key and the signature respelled');
select pg_temp.rejects(pg_temp.ev(2), pg_temp.tampered((select keyed from captured), '{"x-idempotency-key": "evt-2b"}'), 'SS417',
  'a captured keyed request sent again with another key');
select pg_temp.rejects(pg_temp.ev(2), pg_temp.tampered((select keyed from captured), '{"x-idempotency-key": "EVT-2"}'), 'SS417',
  'a captured keyed request sent again with its key in upper case');
select pg_temp.rejects(pg_temp.ev(2), pg_temp.tampered((select keyed from captured), '{"x-idempotency-key": null}'), 'SS417',
  'a captured keyed request sent again without its key');
select pg_temp.rejects(pg_temp.ev(2), pg_temp.tampered((select keyed from captured), jsonb_build_object('x-idempotency-key', 'sig:' || (select keyed_sig from captured))),
  'SS417', 'a captured keyed request sent again under the default key of its own signature');
select throws_ok(format('select pg_temp.post(%L, %L::jsonb)', pg_temp.ev(60), pg_temp.tampered(pg_temp.signed(pg_temp.ev(60)), '{"x-idempotency-key": "evt-60"}')),
  'SS419', 'webhook signature does not cover x-idempotency-key', 'SS419: a keyed request signed the old way (timestamp.body) is refused and says why (its signature is the key holder''s)');
select pg_temp.rejects(pg_temp.ev(61), pg_temp.signed(pg_temp.ev(61), jsonb_build_object('x-idempotency-key', 'Sig:' || pg_temp.sig('acme-0123456789abcdef0123456789abcdef', pg_temp.now_s(), pg_temp.ev(61)))),
  'SS413', 'a signed key in the sig: namespace of keyless requests');
select is(pg_temp.events_of('t-acme'), 10, 'no replay inserted anything');

-- rejected ------------------------------------------------------------------------------------
select pg_temp.rejects(pg_temp.ev(20), pg_temp.signed(pg_temp.ev(20), '{"x-ipai-signature": null}'), 'SS401', 'no signature header');
select pg_temp.rejects(pg_temp.ev(21), pg_temp.signed(pg_temp.ev(21), '{"x-ipai-signature": ""}'), 'SS401', 'an empty signature header');
select pg_temp.rejects(pg_temp.ev(22), pg_temp.signed(pg_temp.ev(22), jsonb_build_object('x-ipai-signature',
  overlay(pg_temp.sig('acme-0123456789abcdef0123456789abcdef', pg_temp.now_s(), pg_temp.ev(22)) placing
    case when substr(pg_temp.sig('acme-0123456789abcdef0123456789abcdef', pg_temp.now_s(), pg_temp.ev(22)), 64, 1) = '0' then '1' else '0' end from 64 for 1))),
  'SS417', 'one hex digit of the signature changed');
select pg_temp.rejects(pg_temp.ev(23), pg_temp.signed(pg_temp.ev(23), '{"x-ipai-signature": "not-hex-at-all"}'), 'SS401', 'a signature that is not hex');
select pg_temp.rejects(pg_temp.ev(24), pg_temp.signed(pg_temp.ev(24), jsonb_build_object('x-ipai-signature',
  left(pg_temp.sig('acme-0123456789abcdef0123456789abcdef', pg_temp.now_s(), pg_temp.ev(24)), 62))), 'SS401', 'a truncated signature');
select pg_temp.rejects(pg_temp.ev(25), pg_temp.signed(pg_temp.ev(25), secret => 'other-fedcba9876543210fedcba9876543210'), 'SS417',
  'a body signed with another instance''s secret');
select pg_temp.rejects(pg_temp.ev(26), pg_temp.signed(pg_temp.ev(27)), 'SS417', 'the body changed after signing');
select pg_temp.rejects(pg_temp.ev(28), pg_temp.signed(pg_temp.ev(28)) || jsonb_build_object('x-ipai-timestamp', (pg_temp.now_s()::bigint - 1)::text),
  'SS417', 'the timestamp changed after signing');
select pg_temp.rejects(pg_temp.ev(29), pg_temp.signed(pg_temp.ev(29), '{"x-ipai-timestamp": null}'), 'SS403', 'no timestamp header');
select pg_temp.rejects(pg_temp.ev(30), pg_temp.signed(pg_temp.ev(30), ts => (pg_temp.now_s()::bigint * 1000)::text), 'SS403',
  'a timestamp in milliseconds');
select pg_temp.rejects(pg_temp.ev(31), pg_temp.signed(pg_temp.ev(31), ts => to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')), 'SS403',
  'an ISO-8601 timestamp');
select pg_temp.rejects(pg_temp.ev(32), pg_temp.signed(pg_temp.ev(32), ts => '-1'), 'SS403', 'a negative timestamp');
select pg_temp.rejects(pg_temp.ev(33), pg_temp.signed(pg_temp.ev(33), ts => (pg_temp.now_s()::bigint - 301)::text), 'SS404',
  'a correctly signed timestamp 301 s old (replay outside the window)');
select pg_temp.rejects(pg_temp.ev(34), pg_temp.signed(pg_temp.ev(34), ts => (pg_temp.now_s()::bigint - 86400)::text), 'SS404',
  'a day-old timestamp');
select pg_temp.rejects(pg_temp.ev(35), pg_temp.signed(pg_temp.ev(35), ts => (pg_temp.now_s()::bigint + 301)::text), 'SS405',
  'a timestamp 301 s in the future');
select pg_temp.rejects(pg_temp.ev(36), pg_temp.signed(pg_temp.ev(36), '{"x-ipai-instance": null}'), 'SS406', 'no instance header');
select pg_temp.rejects(pg_temp.ev(37), '{}'::jsonb, 'SS406', 'no headers at all');
select pg_temp.rejects(pg_temp.ev(38), pg_temp.signed(pg_temp.ev(38), instance => 't-nobody'), 'SS417', 'an unknown instance');
select pg_temp.rejects(pg_temp.ev(39), pg_temp.signed(pg_temp.ev(39), instance => 't-sleepy', secret => 'sleepy-secret-0123456789abcdef0123456789'), 'SS417',
  'an inactive instance');
select pg_temp.rejects((select over_limit from limit_bodies), pg_temp.signed((select over_limit from limit_bodies)), 'SS409',
  'a body one byte over the limit');
select pg_temp.rejects('{"event_type":"write","aggregate_type":"project.task","aggregate_id":40,"payload":{"n":"' || repeat('東', 340) || '"}}',
  pg_temp.signed('{"event_type":"write","aggregate_type":"project.task","aggregate_id":40,"payload":{"n":"' || repeat('東', 340) || '"}}'),
  'SS409', 'a body under the limit in characters but over it in UTF-8 bytes');
select pg_temp.rejects('{"event_type":"write", "aggregate_type":', pg_temp.signed('{"event_type":"write", "aggregate_type":'), 'SS410',
  'truncated JSON');
select pg_temp.rejects('{"event_type":"write","aggregate_type":"project.task","aggregate_id":41,"payload":{"n":"\u0000"}}',
  pg_temp.signed('{"event_type":"write","aggregate_type":"project.task","aggregate_id":41,"payload":{"n":"\u0000"}}'), 'SS410',
  'JSON with a \u0000 escape PostgreSQL cannot store');
select pg_temp.rejects('', pg_temp.signed(''), 'SS410', 'an empty body');
select pg_temp.rejects('[1, 2, 3]', pg_temp.signed('[1, 2, 3]'), 'SS411', 'a JSON array instead of an object');
select pg_temp.rejects('{"aggregate_type":"project.task","aggregate_id":42,"payload":{}}',
  pg_temp.signed('{"aggregate_type":"project.task","aggregate_id":42,"payload":{}}'), 'SS411', 'event_type missing');
select pg_temp.rejects('{"event_type":"write","aggregate_type":"Project Task!","aggregate_id":43,"payload":{}}',
  pg_temp.signed('{"event_type":"write","aggregate_type":"Project Task!","aggregate_id":43,"payload":{}}'), 'SS411',
  'aggregate_type that is not an Odoo model name');
select pg_temp.rejects('{"event_type":"write","aggregate_type":"project.task","payload":{}}',
  pg_temp.signed('{"event_type":"write","aggregate_type":"project.task","payload":{}}'), 'SS411', 'aggregate_id missing');
select pg_temp.rejects('{"event_type":"write","aggregate_type":"project.task","aggregate_id":44,"payload":"name=x"}',
  pg_temp.signed('{"event_type":"write","aggregate_type":"project.task","aggregate_id":44,"payload":"name=x"}'), 'SS411',
  'payload that is not an object');
select pg_temp.rejects(pg_temp.ev(45), pg_temp.signed(pg_temp.ev(45), instance => 't-nosecret'), 'SS417',
  'an instance whose secret is not in the vault');
select pg_temp.rejects(pg_temp.ev(48), pg_temp.signed(pg_temp.ev(48), instance => 't-weak', secret => 'weak-0123456789abcdef0123456789'), 'SS417',
  'a request correctly signed with a 31-byte key');
select pg_temp.rejects(pg_temp.ev(49), pg_temp.signed(pg_temp.ev(49), instance => 't-empty', secret => ''), 'SS417',
  'a request correctly signed with an empty key');
select pg_temp.rejects(pg_temp.ev(46), pg_temp.signed(pg_temp.ev(46), jsonb_build_object('x-idempotency-key', E'evt 46\n')), 'SS413',
  'an idempotency key with a space and a newline');
select pg_temp.rejects('{"event_type":"write","aggregate_type":"project.task","aggregate_id":"151'';DROP","payload":{}}',
  pg_temp.signed('{"event_type":"write","aggregate_type":"project.task","aggregate_id":"151'';DROP","payload":{}}'), 'SS416',
  'a handled model''s aggregate_id with SQL in it');
select pg_temp.rejects('{"event_type":"write","aggregate_type":"project.project","aggregate_id":"151''; DROP TABLE x","payload":{}}',
  pg_temp.signed('{"event_type":"write","aggregate_type":"project.project","aggregate_id":"151''; DROP TABLE x","payload":{}}'), 'SS416',
  'a handled model''s aggregate_id with spaces in it');
select pg_temp.rejects('{"event_type":"write","aggregate_type":"account.move","aggregate_id":1.5,"payload":{}}',
  pg_temp.signed('{"event_type":"write","aggregate_type":"account.move","aggregate_id":1.5,"payload":{}}'), 'SS416',
  'a handled model''s aggregate_id that is not an integer');
select pg_temp.rejects('{"event_type":"write","aggregate_type":"project.task","aggregate_id":-3,"payload":{}}',
  pg_temp.signed('{"event_type":"write","aggregate_type":"project.task","aggregate_id":-3,"payload":{}}'), 'SS416',
  'a handled model''s negative aggregate_id');
select pg_temp.rejects('{"event_type":"write","aggregate_type":"project.task","aggregate_id":"12345678901","payload":{}}',
  pg_temp.signed('{"event_type":"write","aggregate_type":"project.task","aggregate_id":"12345678901","payload":{}}'), 'SS416',
  'a handled model''s aggregate_id beyond an Odoo integer id');
select pg_temp.rejects('{"event_type":"write","aggregate_type":"res.partner","aggregate_id":"a b","payload":{}}',
  pg_temp.signed('{"event_type":"write","aggregate_type":"res.partner","aggregate_id":"a b","payload":{}}'), 'SS411',
  'an aggregate_id with a space for a model without a handler');
select pg_temp.rejects('{"event_type":"write","aggregate_type":"project.task","aggregate_id":true,"payload":{}}',
  pg_temp.signed('{"event_type":"write","aggregate_type":"project.task","aggregate_id":true,"payload":{}}'), 'SS411',
  'an aggregate_id that is neither a number nor a string');
select pg_temp.rejects(pg_temp.ev(47), pg_temp.signed(pg_temp.ev(47), '{"x-idempotency-key": "evt-2"}'), 'SS414',
  'an idempotency key reused for another body');

-- nothing inserted, every rejection counted -----------------------------------------------------
select is((select count(*)::int from odoo.webhook_events) - (select n from before_events), 10,
          'only the ten accepted events were inserted: no rejection inserted anything');
select is((select count(*)::int from odoo.event_log l join odoo.webhook_events e on e.id = l.event_id
            join odoo.instances i on i.id = e.instance_id where i.slug like 't-%'), 0, 'ingestion writes no processing log');
select results_eq(
  $$ select a.code, (a.rejected - b.rejected)::int from odoo.v_webhook_rejections a join before_rejections b using (code) order by a.code $$,
  $$ values ('SS401', 4), ('SS402', 8), ('SS403', 4), ('SS404', 2), ('SS405', 1), ('SS406', 2), ('SS407', 1), ('SS408', 1),
            ('SS409', 2), ('SS410', 3), ('SS411', 7), ('SS412', 1), ('SS413', 2), ('SS414', 1), ('SS415', 5), ('SS416', 5),
            ('SS418', 2), ('SS419', 1) $$,
  'each rejection was counted under its reason (the counts survive the rollbacks)');
select results_eq(
  $$ select a.slug, (a.rejected - coalesce(b.rejected, 0))::int from odoo.v_webhook_rejections_by_instance a left join before_by_instance b using (slug)
      where a.slug like 't-%' order by a.slug $$,
  $$ values ('t-acme', 28), ('t-empty', 0), ('t-nosecret', 0), ('t-other', 0), ('t-sleepy', 0), ('t-weak', 0) $$,
  'only the rejections of requests signed with the instance''s key count for it (SS404/405, SS409 over its limit, SS410 bad JSON, SS411, SS413-416, SS419)');
select is((select status from odoo.webhook_events where id = (select id from ids where label = 'first')), 'pending', 'accepted events start pending');

-- an anonymous caller learns nothing about instances ------------------------------------------------
-- what the caller sees of a refusal: SQLSTATE, message, hint
create function pg_temp.refusal(body text, headers jsonb, out state text, out message text, out hint text) language plpgsql as $$
begin
  perform pg_temp.post(body, headers);
  state := 'accepted';
exception when others then
  get stacked diagnostics state = returned_sqlstate, message = message_text, hint = pg_exception_hint;
  perform set_config('role', 'none', true);
end
$$;
create temp table refusals as
  select label, (pg_temp.refusal(pg_temp.ev(n), h)).* from (values
    ('unknown instance', 70, pg_temp.signed(pg_temp.ev(70), instance => 't-nobody')),
    ('inactive instance', 71, pg_temp.signed(pg_temp.ev(71), instance => 't-sleepy', secret => 'sleepy-secret-0123456789abcdef0123456789')),
    ('no secret', 72, pg_temp.signed(pg_temp.ev(72), instance => 't-nosecret')),
    ('31-byte key', 73, pg_temp.signed(pg_temp.ev(73), instance => 't-weak', secret => 'weak-0123456789abcdef0123456789')),
    ('empty key', 74, pg_temp.signed(pg_temp.ev(74), instance => 't-empty', secret => '')),
    ('wrong signature', 75, pg_temp.signed(pg_temp.ev(75), secret => 'other-fedcba9876543210fedcba9876543210'))
  ) v (label, n, h);
select results_eq($$ select distinct state, message from refusals $$, $$ values ('SS417', 'webhook refused') $$,
  'unknown, inactive and keyless instances, keys under 32 bytes and a wrong signature get one SQLSTATE and one message');
select is((select count(distinct hint)::int from refusals), 1, '... and one hint');
select is((select count(*)::int from refusals where hint ~* 'vault|create_secret|test\.odoo|t-nosecret|webhook_secret'), 0,
  'the hint names neither the vault, nor a secret name, nor its naming scheme');
-- the checks made before the instance is looked up answer the same for an instance that exists
-- and one that does not
create temp table ceiling as select coalesce(max(max_body_bytes), 262144) as n from odoo.instances where active;
grant select on ceiling to anon;
create temp table malformed as
  select kind, slug, (pg_temp.refusal(b, h)).* from (values ('t-acme'), ('t-nobody'), ('t-sleepy')) i (slug),
  lateral (values
    ('no signature', pg_temp.ev(80), pg_temp.signed(pg_temp.ev(80), '{"x-ipai-signature": null}', instance => i.slug)),
    ('signature not hex', pg_temp.ev(81), pg_temp.signed(pg_temp.ev(81), '{"x-ipai-signature": "zz"}', instance => i.slug)),
    ('timestamp in ms', pg_temp.ev(82), pg_temp.signed(pg_temp.ev(82), ts => (pg_temp.now_s()::bigint * 1000)::text, instance => i.slug)),
    ('empty body', '', pg_temp.signed('', instance => i.slug)),
    ('body over every limit', repeat('x', (select n from ceiling) + 1), pg_temp.signed(repeat('x', (select n from ceiling) + 1), instance => i.slug))
  ) r (kind, b, h);
select is((select count(*)::int from (select kind from malformed group by kind having count(distinct (state, message, hint)) = 1) k), 5,
  'a malformed request gets the same answer whether its instance exists, is inactive or not');
select results_eq($$ select kind, state from malformed where slug = 't-nobody' order by kind $$,
  $$ values ('body over every limit', 'SS409'), ('empty body', 'SS410'), ('no signature', 'SS401'), ('signature not hex', 'SS401'), ('timestamp in ms', 'SS403') $$,
  'those answers keep their own SQLSTATE (they say nothing about instances)');
select is((select count(*)::int from malformed where kind = 'body over every limit' and message ~ (select n::text from ceiling)), 0,
  'SS409 does not print the limit');
select throws_ok(format('select pg_temp.post(%L, %L::jsonb)', (select over_limit from limit_bodies), pg_temp.signed((select over_limit from limit_bodies))),
  'SS409', 'webhook body of 1025 bytes is over this instance''s limit', 'SS409 to a signed request names the body''s size, not the limit');

-- many bad requests as anon add no row and move only the global counters --------------------------
create temp table flood_before as select code, rejected from odoo.v_webhook_rejections;
create temp table flood_by_instance as select slug, rejected from odoo.v_webhook_rejections_by_instance;
create temp table flood_writes as
  select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::bigint as n from pg_stat_xact_user_tables where schemaname !~ '^pg_temp';
create temp table flood as
  select g, (pg_temp.refusal(pg_temp.ev(100 + g), case g % 4
      when 0 then pg_temp.signed(pg_temp.ev(100 + g), instance => 't-nobody-' || g)
      when 1 then pg_temp.signed(pg_temp.ev(100 + g), secret => 'guess-' || g)
      when 2 then pg_temp.signed(pg_temp.ev(100 + g), instance => 't-sleepy')
      else pg_temp.signed(pg_temp.ev(100 + g), instance => 't-weak', secret => 'weak-0123456789abcdef0123456789') end)).state
  from generate_series(1, 40) g;
select results_eq($$ select distinct state from flood $$, $$ values ('SS417') $$, '40 bad requests as anon are all refused with SS417');
select is((select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::bigint from pg_stat_xact_user_tables where schemaname !~ '^pg_temp'),
          (select n from flood_writes), 'they wrote no row to any table (not even one rolled back)');
select results_eq(
  $$ select a.slug, a.rejected from odoo.v_webhook_rejections_by_instance a order by a.slug $$,
  $$ select slug, rejected from flood_by_instance order by slug $$,
  'no instance''s counter moved');
select results_eq(
  $$ select a.code, (a.rejected - b.rejected)::int from odoo.v_webhook_rejections a join flood_before b using (code) where a.rejected <> b.rejected order by a.code $$,
  $$ values ('SS402', 10), ('SS407', 10), ('SS408', 10), ('SS418', 10) $$,
  'only the global counters of their reasons moved, by one per request');

select * from finish();
rollback;
