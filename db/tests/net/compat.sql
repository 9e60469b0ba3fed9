-- The net compat schema: pg_net's API shapes, argument checks, TTL purge.
begin;
select plan(12);

select has_function('net', 'http_get', array['text', 'jsonb', 'jsonb', 'integer'], 'net.http_get(url, params, headers, timeout_milliseconds)');
select has_function('net', 'http_post', array['text', 'jsonb', 'jsonb', 'jsonb', 'integer'], 'net.http_post(url, body, params, headers, timeout_milliseconds)');
select has_function('net', 'http_delete', array['text', 'jsonb', 'jsonb', 'integer'], 'net.http_delete(url, params, headers, timeout_milliseconds)');
select is((select relpersistence from pg_class where oid = 'net.http_request_queue'::regclass), 'u', 'the queue is unlogged, as in pg_net');

create temp table ids as select net.http_get('http://127.0.0.1:9/a', params => '{"q": "x&y", "n": "1"}') as g,
                                net.http_post('http://127.0.0.1:9/b', '{"k": "v"}') as p,
                                net.http_delete('http://127.0.0.1:9/c', timeout_milliseconds => 250) as d;
select ok((select g < p and p < d from ids), 'each call returns a new, increasing request id');
select is((select url from net.http_request_queue where id = (select g from ids)), 'http://127.0.0.1:9/a?n=1&q=x%26y', 'params are url-encoded onto the url');
select is((select concat_ws(' | ', method::text, convert_from(body, 'UTF8'), headers ->> 'Content-Type', timeout_milliseconds) from net.http_request_queue where id = (select p from ids)),
  'POST | {"k": "v"} | application/json | 5000', 'a POST queues the JSON body with its content type and the default timeout');
select is((select timeout_milliseconds from net.http_request_queue where id = (select d from ids)), 250, 'timeout_milliseconds is stored');
select throws_ok($$ select net.http_get('not a url') $$, '22023', null, 'a url that is not http(s) is refused');
select throws_ok($$ select net.http_post('http://x', '{}', headers => '{"Content-Type": "text/plain"}') $$, '22023', null, 'a JSON body with another content type is refused');

insert into net._http_response (id, status_code, created) values (-1, 200, now() - interval '7 hours'), (-2, 200, now() - interval '1 hour');
select net.purge_responses();
select is((select array_agg(id order by id) from net._http_response where id < 0), array[-2::bigint], 'responses older than pg_net.ttl (6 hours) are purged');
set local pg_net.ttl = '30 minutes';
select net.purge_responses();
select is((select count(*)::int from net._http_response where id < 0), 0, 'pg_net.ttl is honoured');

select * from finish();
rollback;
