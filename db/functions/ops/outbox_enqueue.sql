-- ops.outbox_enqueue: the way to send an HTTP request that must not be lost. The row is logged
-- (durable); the dispatcher hands it to net.http_post later, signing it when signing_secret is set.
create or replace function ops.outbox_enqueue(
  topic text,
  body jsonb,
  url text default null,
  url_secret text default null,
  signing_secret text default null,
  headers jsonb default '{}'::jsonb,
  max_attempts int default 5,
  timeout_milliseconds int default 5000,
  backoff_base interval default '30 seconds',
  idempotency_key text default null
) returns bigint
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  new_id bigint;
begin
  if url is null and url_secret is null then
    raise exception 'outbox: a url or a url_secret (vault secret name) is required' using errcode = 'SS230';
  end if;
  if url is not null and url !~* '^https?://' then
    raise exception 'outbox: url must start with http:// or https:// (got %)', url using errcode = 'SS231';
  end if;
  if body is null then
    raise exception 'outbox: body must not be NULL' using errcode = 'SS232';
  end if;
  if headers is null or pg_catalog.jsonb_typeof(headers) <> 'object' then
    raise exception 'outbox: headers must be a JSON object' using errcode = 'SS233';
  end if;
  if url_secret is not null and not exists (select from control_plane.secrets s where s.name = url_secret) then
    raise exception 'outbox: url_secret "%" is not a registered secret', url_secret using errcode = 'SS234',
      hint = 'declare it in a db/seeds file of kind secrets';
  end if;
  if signing_secret is not null and not exists (select from control_plane.secrets s where s.name = signing_secret) then
    raise exception 'outbox: signing_secret "%" is not a registered secret', signing_secret using errcode = 'SS234',
      hint = 'declare it in a db/seeds file of kind secrets';
  end if;
  insert into ops.outbox (topic, url, url_secret, signing_secret, headers, body, max_attempts, timeout_milliseconds, backoff_base, idempotency_key)
  values (topic, url, url_secret, signing_secret, headers, body, max_attempts, timeout_milliseconds, backoff_base, idempotency_key)
  on conflict on constraint outbox_idempotency_key_key do nothing
  returning id into new_id;
  if new_id is null then
    select o.id into new_id from ops.outbox o where o.idempotency_key = outbox_enqueue.idempotency_key;
  end if;
  perform pg_catalog.pg_notify('ssot_net', '');
  return new_id;
end
$$;
comment on function ops.outbox_enqueue(text, jsonb, text, text, text, jsonb, int, int, interval, text) is 'Queues a durable outgoing JSON POST; returns the outbox id (the existing one for a repeated idempotency_key). SS230-SS234 on bad input.';
revoke execute on function ops.outbox_enqueue(text, jsonb, text, text, text, jsonb, int, int, interval, text) from public;
