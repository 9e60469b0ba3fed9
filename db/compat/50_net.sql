-- replaces-extension: pg_net
--
-- pg_net's SQL API for a PostgreSQL without the pg_net extension. Where pg_net is available the
-- bootstrap creates the extension instead of running this file, and where it is already installed
-- the guard below makes this file a no-op (a database must never hold both).
--
-- Same shapes as pg_net 0.7+: net.http_get / net.http_post / net.http_delete queue a request in
-- the UNLOGGED table net.http_request_queue and return its id; the responses land in the UNLOGGED
-- table net._http_response (id = request id). As with pg_net, both are lost on a crash (hence the
-- durable ops.outbox), and responses older than the `pg_net.ttl` setting (default 6 hours) are
-- purged. Delivery is done outside the database by `ssot net worker` (src/net/worker.ts), woken by
-- NOTIFY on channel `ssot_net` and polling as a fallback. One difference, on purpose: request ids
-- come from a logged sequence, so an id is never reused after a crash.
do $guard$
begin
  if exists (select from pg_catalog.pg_extension where extname = 'pg_net') then
    raise notice 'pg_net is installed: the net compat schema is not created';
    return;
  end if;

  execute $sql$
    create schema if not exists net;
    comment on schema net is 'pg_net API (compat): queued HTTP requests delivered by `ssot net worker`.';
    revoke all on schema net from public;
    grant usage on schema net to service_role;

    do $t$ begin
      if not exists (select from pg_catalog.pg_type t join pg_catalog.pg_namespace n on n.oid = t.typnamespace
                     where n.nspname = 'net' and t.typname = 'http_method') then
        create type net.http_method as enum ('GET', 'POST', 'DELETE');
      end if;
      if not exists (select from pg_catalog.pg_type t join pg_catalog.pg_namespace n on n.oid = t.typnamespace
                     where n.nspname = 'net' and t.typname = 'request_status') then
        create type net.request_status as enum ('PENDING', 'SUCCESS', 'ERROR');
      end if;
    end $t$;
    comment on type net.http_method is 'HTTP methods pg_net supports.';

    create sequence if not exists net.http_request_queue_id_seq;
    comment on sequence net.http_request_queue_id_seq is 'Request ids; logged (unlike the tables) so an id is never reused after a crash.';

    create unlogged table if not exists net.http_request_queue (
      id bigint primary key default nextval('net.http_request_queue_id_seq'),
      method net.http_method not null,
      url text not null,
      headers jsonb not null,
      body bytea,
      timeout_milliseconds integer not null
    );
    comment on table net.http_request_queue is 'Requests waiting for the worker (unlogged, as in pg_net).';

    create unlogged table if not exists net._http_response (
      id bigint,
      status_code integer,
      content_type text,
      headers jsonb,
      content text,
      timed_out boolean,
      error_msg text,
      created timestamptz not null default now()
    );
    create index if not exists _http_response_created_idx on net._http_response (created);
    create index if not exists _http_response_id_idx on net._http_response (id);
    comment on table net._http_response is 'Responses by request id (unlogged, as in pg_net); purged after pg_net.ttl.';

    create or replace function net.tg_http_request_queue__notify() returns trigger
    language plpgsql
    as $f$
    begin
      perform pg_catalog.pg_notify('ssot_net', '');
      return null;
    end
    $f$;
    comment on function net.tg_http_request_queue__notify() is 'Wakes `ssot net worker` (NOTIFY ssot_net) once per statement that queues requests.';
    drop trigger if exists _900_notify on net.http_request_queue;
    create trigger _900_notify after insert on net.http_request_queue
      for each statement execute function net.tg_http_request_queue__notify();

    create or replace function net._urlencode_params(url text, params jsonb) returns text
    language sql immutable
    set search_path = pg_catalog, pg_temp
    as $f$
      select case when params is null or params = '{}'::jsonb then url
             else url || case when pg_catalog.strpos(url, '?') > 0 then '&' else '?' end || (
               select pg_catalog.string_agg(
                        pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(k, '%', '%25'), '&', '%26'), '=', '%3D') || '=' ||
                        pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(v, '%', '%25'), '&', '%26'), '=', '%3D'), '&' order by k)
                 from pg_catalog.jsonb_each_text(params) as e(k, v))
             end
    $f$;
    comment on function net._urlencode_params(text, jsonb) is 'Appends query parameters to a URL (as pg_net does with `params`).';

    create or replace function net._check(url text, timeout_milliseconds integer) returns void
    language plpgsql immutable
    as $f$
    begin
      if url is null or url !~* '^https?://' then
        raise exception 'net: url must start with http:// or https:// (got %)', coalesce(url, 'NULL') using errcode = '22023';
      end if;
      if timeout_milliseconds is null or timeout_milliseconds <= 0 then
        raise exception 'net: timeout_milliseconds must be positive' using errcode = '22023';
      end if;
    end
    $f$;
    comment on function net._check(text, integer) is 'Argument checks of net._enqueue (URL scheme, positive timeout).';

    -- the one write path of http_get/post/delete: checks, then a row in the queue
    create or replace function net._enqueue(
      method net.http_method, url text, params jsonb, headers jsonb, body bytea, timeout_milliseconds integer
    ) returns bigint
    language plpgsql volatile security definer
    set search_path = pg_catalog, pg_temp
    as $f$
    declare
      request_id bigint;
    begin
      perform net._check(url, timeout_milliseconds);
      insert into net.http_request_queue (method, url, headers, body, timeout_milliseconds)
      values (method, net._urlencode_params(url, params), coalesce(headers, '{}'), body, timeout_milliseconds)
      returning id into request_id;
      return request_id;
    end
    $f$;
    comment on function net._enqueue(net.http_method, text, jsonb, jsonb, bytea, integer) is 'Checks the arguments and queues one request; shared by http_get/post/delete.';
    revoke execute on function net._enqueue(net.http_method, text, jsonb, jsonb, bytea, integer) from public;

    create or replace function net.http_get(
      url text, params jsonb default '{}'::jsonb, headers jsonb default '{}'::jsonb, timeout_milliseconds integer default 5000
    ) returns bigint
    language sql volatile security definer
    set search_path = pg_catalog, pg_temp
    as $f$ select net._enqueue('GET', url, params, headers, null, timeout_milliseconds) $f$;
    comment on function net.http_get(text, jsonb, jsonb, integer) is 'Queues a GET and returns its request id (pg_net API).';

    create or replace function net.http_post(
      url text, body jsonb default '{}'::jsonb, params jsonb default '{}'::jsonb,
      headers jsonb default '{"Content-Type": "application/json"}'::jsonb, timeout_milliseconds integer default 5000
    ) returns bigint
    language plpgsql volatile security definer
    set search_path = pg_catalog, pg_temp
    as $f$
    declare
      content_type text;
    begin
      select value into content_type from pg_catalog.jsonb_each_text(coalesce(headers, '{}')) where lower(key) = 'content-type';
      if content_type is null then
        headers := coalesce(headers, '{}') || '{"Content-Type": "application/json"}'::jsonb;
      elsif content_type <> 'application/json' then
        -- pg_net refuses a JSON body with another content type
        raise exception 'Content-Type header must be "application/json"' using errcode = '22023';
      end if;
      return net._enqueue('POST', url, params, headers,
                          pg_catalog.convert_to(coalesce(body, '{}'::jsonb)::text, 'UTF8'), timeout_milliseconds);
    end
    $f$;
    comment on function net.http_post(text, jsonb, jsonb, jsonb, integer) is 'Queues a JSON POST and returns its request id (pg_net API); the body is sent as body::text.';

    create or replace function net.http_delete(
      url text, params jsonb default '{}'::jsonb, headers jsonb default '{}'::jsonb, timeout_milliseconds integer default 5000
    ) returns bigint
    language sql volatile security definer
    set search_path = pg_catalog, pg_temp
    as $f$ select net._enqueue('DELETE', url, params, headers, null, timeout_milliseconds) $f$;
    comment on function net.http_delete(text, jsonb, jsonb, integer) is 'Queues a DELETE and returns its request id (pg_net API).';

    create or replace function net.ttl() returns interval
    language sql stable
    as $f$ select coalesce(nullif(pg_catalog.current_setting('pg_net.ttl', true), ''), '6 hours')::interval $f$;
    comment on function net.ttl() is 'pg_net.ttl (default 6 hours): how long responses are kept.';

    create or replace function net.purge_responses() returns bigint
    language plpgsql volatile security definer
    set search_path = pg_catalog, pg_temp
    as $f$
    declare
      n bigint;
    begin
      delete from net._http_response where created < pg_catalog.now() - net.ttl();
      get diagnostics n = row_count;
      return n;
    end
    $f$;
    comment on function net.purge_responses() is 'Deletes responses older than pg_net.ttl (the worker calls it; pg_net does the same in its background worker).';

    revoke all on all tables in schema net from public, anon, authenticated;
    revoke all on all functions in schema net from public;
    grant select on net._http_response to service_role;
    grant select on net.http_request_queue to service_role;
    grant execute on function net.http_get(text, jsonb, jsonb, integer), net.http_post(text, jsonb, jsonb, jsonb, integer),
      net.http_delete(text, jsonb, jsonb, integer), net.ttl() to service_role;
  $sql$;
end
$guard$;
