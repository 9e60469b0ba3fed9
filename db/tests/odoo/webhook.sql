-- public.odoo_webhook: the bad-input corpus. Every rejection gets its own SQLSTATE, inserts
-- nothing, and is counted (odoo.v_webhook_rejections); good deliveries, replays and edge cases
-- (limits, unicode, header case, sha256= prefix) are accepted. Replays of captured requests under
-- another idempotency key (new, respelled, stripped, the default sig: form) are refused, and
-- respelled signatures are deduplicated. Requests are made as anon, the way PostgREST calls the
-- function for an unauthenticated POST with Content-Type: text/plain.
begin;
select plan(72);

insert into odoo.instances (slug, name, webhook_secret_name, max_body_bytes, active) values
  ('t-acme', 'Acme', 'test.odoo.t-acme.webhook', 1024, true),
  ('t-other', 'Other', 'test.odoo.t-other.webhook', 1024, true),
  ('t-sleepy', 'Sleepy', 'test.odoo.t-sleepy.webhook', 1024, false),
  ('t-nosecret', 'No secret', 'test.odoo.t-nosecret.webhook', 1024, true);
select vault.create_secret('acme-0123456789abcdef', 'test.odoo.t-acme.webhook');
select vault.create_secret('other-fedcba9876543210', 'test.odoo.t-other.webhook');
select vault.create_secret('sleepy-secret', 'test.odoo.t-sleepy.webhook');

create temp table before_rejections as select code, rejected from odoo.v_webhook_rejections;
create temp table before_events as select count(*)::int as n from odoo.webhook_events;
grant select on before_rejections, before_events to anon;

create function pg_temp.now_s() returns text language sql stable as $$ select extract(epoch from now())::bigint::text $$;
-- the signing string: timestamp.body, or timestamp.key.body when an idempotency key is sent
create function pg_temp.sig(secret text, ts text, body text, key text default null) returns text language sql immutable as
  $$ select encode(extensions.hmac(ts || '.' || coalesce(key || '.', '') || body, secret, 'sha256'), 'hex') $$;
-- headers of a correctly signed request (extra headers merged last; a null value removes a header;
-- an x-idempotency-key in extra is signed)
create function pg_temp.signed(body text, extra jsonb default '{}', instance text default 't-acme',
                               secret text default 'acme-0123456789abcdef', ts text default null) returns jsonb
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
          pg_temp.signed(pg_temp.ev(3), jsonb_build_object('x-ipai-signature', 'sha256=' || pg_temp.sig('acme-0123456789abcdef', pg_temp.now_s(), pg_temp.ev(3))))),
          'a signature prefixed sha256= is accepted');
select lives_ok(format('select pg_temp.post(%L, %L::jsonb)', pg_temp.ev(4),
          pg_temp.signed(pg_temp.ev(4), jsonb_build_object('x-ipai-signature', upper(pg_temp.sig('acme-0123456789abcdef', pg_temp.now_s(), pg_temp.ev(4)))))),
          'upper-case hex is accepted');
select lives_ok(format('select pg_temp.post(%L, %L::jsonb)', pg_temp.ev(5),
          jsonb_build_object('X-IPAI-Instance', 't-acme', 'X-Ipai-Timestamp', pg_temp.now_s(),
                             'X-IPAI-SIGNATURE', pg_temp.sig('acme-0123456789abcdef', pg_temp.now_s(), pg_temp.ev(5)))),
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
  select pg_temp.signed(pg_temp.ev(1)) as keyless, pg_temp.sig('acme-0123456789abcdef', pg_temp.now_s(), pg_temp.ev(1)) as keyless_sig,
         pg_temp.signed(pg_temp.ev(2), '{"x-idempotency-key": "evt-2"}') as keyed,
         pg_temp.sig('acme-0123456789abcdef', pg_temp.now_s(), pg_temp.ev(2), 'evt-2') as keyed_sig;
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
select pg_temp.rejects(pg_temp.ev(2), pg_temp.tampered((select keyed from captured), '{"x-idempotency-key": "evt-2b"}'), 'SS402',
  'a captured keyed request sent again with another key');
select pg_temp.rejects(pg_temp.ev(2), pg_temp.tampered((select keyed from captured), '{"x-idempotency-key": "EVT-2"}'), 'SS402',
  'a captured keyed request sent again with its key in upper case');
select pg_temp.rejects(pg_temp.ev(2), pg_temp.tampered((select keyed from captured), '{"x-idempotency-key": null}'), 'SS402',
  'a captured keyed request sent again without its key');
select pg_temp.rejects(pg_temp.ev(2), pg_temp.tampered((select keyed from captured), jsonb_build_object('x-idempotency-key', 'sig:' || (select keyed_sig from captured))),
  'SS402', 'a captured keyed request sent again under the default key of its own signature');
select throws_ok(format('select pg_temp.post(%L, %L::jsonb)', pg_temp.ev(60), pg_temp.tampered(pg_temp.signed(pg_temp.ev(60)), '{"x-idempotency-key": "evt-60"}')),
  'SS402', 'webhook signature does not cover x-idempotency-key', 'SS402: a keyed request signed the old way (timestamp.body) is refused and says why');
select pg_temp.rejects(pg_temp.ev(61), pg_temp.signed(pg_temp.ev(61), jsonb_build_object('x-idempotency-key', 'Sig:' || pg_temp.sig('acme-0123456789abcdef', pg_temp.now_s(), pg_temp.ev(61)))),
  'SS413', 'a signed key in the sig: namespace of keyless requests');
select is(pg_temp.events_of('t-acme'), 10, 'no replay inserted anything');

-- rejected ------------------------------------------------------------------------------------
select pg_temp.rejects(pg_temp.ev(20), pg_temp.signed(pg_temp.ev(20), '{"x-ipai-signature": null}'), 'SS401', 'no signature header');
select pg_temp.rejects(pg_temp.ev(21), pg_temp.signed(pg_temp.ev(21), '{"x-ipai-signature": ""}'), 'SS401', 'an empty signature header');
select pg_temp.rejects(pg_temp.ev(22), pg_temp.signed(pg_temp.ev(22), jsonb_build_object('x-ipai-signature',
  overlay(pg_temp.sig('acme-0123456789abcdef', pg_temp.now_s(), pg_temp.ev(22)) placing
    case when substr(pg_temp.sig('acme-0123456789abcdef', pg_temp.now_s(), pg_temp.ev(22)), 64, 1) = '0' then '1' else '0' end from 64 for 1))),
  'SS402', 'one hex digit of the signature changed');
select pg_temp.rejects(pg_temp.ev(23), pg_temp.signed(pg_temp.ev(23), '{"x-ipai-signature": "not-hex-at-all"}'), 'SS402', 'a signature that is not hex');
select pg_temp.rejects(pg_temp.ev(24), pg_temp.signed(pg_temp.ev(24), jsonb_build_object('x-ipai-signature',
  left(pg_temp.sig('acme-0123456789abcdef', pg_temp.now_s(), pg_temp.ev(24)), 62))), 'SS402', 'a truncated signature');
select pg_temp.rejects(pg_temp.ev(25), pg_temp.signed(pg_temp.ev(25), secret => 'other-fedcba9876543210'), 'SS402',
  'a body signed with another instance''s secret');
select pg_temp.rejects(pg_temp.ev(26), pg_temp.signed(pg_temp.ev(27)), 'SS402', 'the body changed after signing');
select pg_temp.rejects(pg_temp.ev(28), pg_temp.signed(pg_temp.ev(28)) || jsonb_build_object('x-ipai-timestamp', (pg_temp.now_s()::bigint - 1)::text),
  'SS402', 'the timestamp changed after signing');
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
select pg_temp.rejects(pg_temp.ev(38), pg_temp.signed(pg_temp.ev(38), instance => 't-nobody'), 'SS407', 'an unknown instance');
select pg_temp.rejects(pg_temp.ev(39), pg_temp.signed(pg_temp.ev(39), instance => 't-sleepy', secret => 'sleepy-secret'), 'SS408',
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
select pg_temp.rejects(pg_temp.ev(45), pg_temp.signed(pg_temp.ev(45), instance => 't-nosecret'), 'SS412',
  'an instance whose secret is not in the vault');
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
  $$ values ('SS401', 2), ('SS402', 11), ('SS403', 4), ('SS404', 2), ('SS405', 1), ('SS406', 2), ('SS407', 1), ('SS408', 1),
            ('SS409', 2), ('SS410', 3), ('SS411', 7), ('SS412', 1), ('SS413', 2), ('SS414', 1), ('SS415', 5), ('SS416', 5) $$,
  'each rejection was counted under its own code (the counts survive the rollbacks)');
select is((select status from odoo.webhook_events where id = (select id from ids where label = 'first')), 'pending', 'accepted events start pending');

select * from finish();
rollback;
