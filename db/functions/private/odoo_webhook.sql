-- private.odoo_webhook: the SECURITY DEFINER body of the RPC public.odoo_webhook (docs/odoo.md,
-- "Webhooks"), which PostgREST exposes as a SECURITY INVOKER wrapper; this schema is not exposed, so the definer is
-- never an endpoint of its own. The headers come from `request.headers`, as PostgREST sets them:
--   x-ipai-signature   hex HMAC-SHA256 of `timestamp + "." + body`, or of
--                      `timestamp + "." + key + "." + body` when x-idempotency-key is sent
--                      (optionally `sha256=`-prefixed, hex in either case)
--   x-ipai-timestamp   Unix seconds, accepted within 5 minutes either way
--   x-ipai-instance    odoo.instances.slug; its secret is the vault secret webhook_secret_name
--   x-idempotency-key  optional, covered by the signature; defaults to `sig:` + the signature in
--                      lower-case hex, so a byte-identical replay (or one that only respells the
--                      signature) is a no-op
-- Dedup depends only on what the secret covers: a captured request sent again with another key
-- fails the signature (SS417), or is named a replay (SS415) when its signature is that of a
-- stored keyless event. Body: {event_type, aggregate_type, aggregate_id, payload}; the models with
-- a handler (odoo.webhook_handles) need an aggregate_id the handler can use (SS416). Returns the
-- event id (the first one's on a replay). Every rejection raises, inserts nothing and is counted
-- per reason (odoo.v_webhook_rejections). Until the signature verifies, the caller learns nothing
-- about instances: an unknown, inactive or keyless instance, a key under 32 bytes and a wrong
-- signature are all SS417 'webhook refused' (the reason, SS407/SS408/SS412/SS418/SS402, is only
-- counted), and nothing is counted per instance; a rejection of a signed request says why and is
-- counted for its instance too (odoo.v_webhook_rejections_by_instance).
create or replace function private.odoo_webhook(text)
returns uuid
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  body text := $1;
  h jsonb := coalesce(nullif(pg_catalog.current_setting('request.headers', true), '')::jsonb, '{}'::jsonb);
  sig text;
  ts_text text;
  inst_slug text;
  idem text;
  ts bigint;
  now_s bigint := extract(epoch from pg_catalog.now())::bigint;
  inst record;
  secret text;
  expected bytea;
  given bytea;
  nonce bytea;
  given_mac bytea;
  body_hash bytea;
  doc jsonb;
  agg_id jsonb;
  prior record;
  new_id uuid;
  size_ceiling integer;
  refused constant text := 'webhook refused';
  refused_hint constant text := 'check x-ipai-instance, the instance''s key (32 bytes or more) and the signing string; the reason is recorded server-side';
begin
  if pg_catalog.jsonb_typeof(h) <> 'object' then
    h := '{}'::jsonb;
  end if;
  -- header names are case-insensitive (PostgREST lower-cases them; other callers may not)
  if not h ?& array['x-ipai-instance', 'x-ipai-timestamp', 'x-ipai-signature'] then
    select coalesce(pg_catalog.jsonb_object_agg(pg_catalog.lower(e.key), e.value), '{}'::jsonb) into h
      from pg_catalog.jsonb_each(h) e;
  end if;
  sig := pg_catalog.btrim(h ->> 'x-ipai-signature');
  ts_text := pg_catalog.btrim(h ->> 'x-ipai-timestamp');
  inst_slug := pg_catalog.btrim(h ->> 'x-ipai-instance');
  idem := h ->> 'x-idempotency-key';

  -- Before the signature has verified, the caller is told nothing about instances: every check
  -- that does not depend on the instance comes first, with its own SQLSTATE; then an unknown,
  -- inactive or keyless instance, a key under 32 bytes and a wrong signature all get SS417 with
  -- one message, the reason being counted server-side only (odoo.v_webhook_rejections).
  if inst_slug is null or inst_slug = '' then
    perform odoo.webhook_reject('SS406', 'x-ipai-instance header is missing', 'send the instance slug registered in odoo.instances');
  end if;
  if body is null or body = '' then
    perform odoo.webhook_reject('SS410', 'webhook body is empty', 'send {event_type, aggregate_type, aggregate_id, payload} as JSON');
  end if;
  -- the same ceiling whatever the slug (the largest limit of an active instance), so that it bounds
  -- the HMAC's work without telling one instance from another; the instance's own limit is
  -- checked once the signature has verified
  select coalesce(pg_catalog.max(i.max_body_bytes), 262144) into size_ceiling from odoo.instances i where i.active;
  if pg_catalog.octet_length(body) > size_ceiling then
    perform odoo.webhook_reject('SS409', pg_catalog.format('webhook body of %s bytes is too large', pg_catalog.octet_length(body)),
      'send smaller events (reference large data by id)');
  end if;
  if sig is null or sig = '' then
    perform odoo.webhook_reject('SS401', 'x-ipai-signature header is missing',
      'sign hex(HMAC-SHA256(secret, timestamp || ''.'' || body)), or timestamp || ''.'' || key || ''.'' || body with x-idempotency-key');
  end if;
  if sig ~* '^sha256=' then
    sig := pg_catalog.substr(sig, 8);
  end if;
  if sig !~ '^[0-9A-Fa-f]{64}$' then
    perform odoo.webhook_reject('SS401', 'x-ipai-signature is not 64 hex digits', 'send hex(HMAC-SHA256), optionally prefixed sha256=');
  end if;
  if ts_text is null or ts_text !~ '^[0-9]{1,11}$' then
    perform odoo.webhook_reject('SS403',
      case when ts_text ~ '^[0-9]{13}$' then pg_catalog.format('x-ipai-timestamp %s looks like milliseconds', ts_text)
           when ts_text is null or ts_text = '' then 'x-ipai-timestamp header is missing'
           else pg_catalog.format('x-ipai-timestamp %L is not Unix seconds', pg_catalog.left(ts_text, 40)) end,
      'send the Unix time in seconds, e.g. 1767225600');
  end if;
  ts := ts_text::bigint;

  select i.id, i.active, i.webhook_secret_name, i.max_body_bytes into inst from odoo.instances i where i.slug = inst_slug;
  if not found or not inst.active then
    -- the HMAC a known instance costs, so the answer does not come back sooner
    perform extensions.hmac(pg_catalog.convert_to(ts_text || '.' || coalesce(idem || '.', '') || body, 'UTF8'), extensions.gen_random_bytes(32), 'sha256');
    perform odoo.webhook_reject(case when inst.id is null then 'SS407' else 'SS408' end, refused, refused_hint, null, 'SS417');
  end if;
  select s.decrypted_secret into secret from vault.decrypted_secrets s where s.name = inst.webhook_secret_name;
  if secret is null then
    perform odoo.webhook_reject('SS412', refused, refused_hint, null, 'SS417');
  end if;
  -- a short key (an unset shell variable gives an empty one) is guessable: refused as if absent
  if pg_catalog.octet_length(secret) < 32 then
    perform odoo.webhook_reject('SS418', refused, refused_hint, null, 'SS417');
  end if;
  -- the key is signed with the body: a key the sender did not sign cannot make a new event
  if idem is null then
    expected := extensions.hmac(ts_text || '.' || body, secret, 'sha256');
  else
    expected := extensions.hmac(ts_text || '.' || idem || '.' || body, secret, 'sha256');
  end if;
  given := pg_catalog.decode(sig, 'hex');
  -- constant time by double HMAC: both MACs are compared under a fresh random key, so how long
  -- the comparison takes says nothing about the expected signature
  nonce := extensions.gen_random_bytes(32);
  given_mac := extensions.hmac(given, nonce, 'sha256');
  if extensions.hmac(expected, nonce, 'sha256') <> given_mac then
    if idem is not null
       and extensions.hmac(extensions.hmac(ts_text || '.' || body, secret, 'sha256'), nonce, 'sha256') = given_mac then
      -- signed without the key it came with, by the key's holder: a keyless request captured and
      -- sent again under a key of the sender's choosing, or a sender that signs the old way
      if exists (select from odoo.webhook_events e where e.instance_id = inst.id and e.idempotency_key = 'sig:' || pg_catalog.lower(sig)) then
        perform odoo.webhook_reject('SS415', 'replay: this signature is that of a stored event, sent again with an x-idempotency-key it does not cover',
          'a redelivery is sent byte for byte; a new event is signed anew', inst.id);
      end if;
      perform odoo.webhook_reject('SS419', 'webhook signature does not cover x-idempotency-key',
        'with x-idempotency-key, sign timestamp || ''.'' || key || ''.'' || raw body', inst.id);
    end if;
    perform odoo.webhook_reject('SS402', refused, refused_hint, null, 'SS417');
  end if;

  -- from here on the request is signed with the instance's key: its rejections say why, and count
  -- for the instance too
  if pg_catalog.octet_length(body) > inst.max_body_bytes then
    perform odoo.webhook_reject('SS409', pg_catalog.format('webhook body of %s bytes is over this instance''s limit', pg_catalog.octet_length(body)),
      'send smaller events (reference large data by id) or raise odoo.instances.max_body_bytes', inst.id);
  end if;
  if ts < now_s - 300 then
    perform odoo.webhook_reject('SS404', pg_catalog.format('x-ipai-timestamp is %s s old; the window is 300 s', now_s - ts), 'check the sender''s clock; replays are refused', inst.id);
  end if;
  if ts > now_s + 300 then
    perform odoo.webhook_reject('SS405', pg_catalog.format('x-ipai-timestamp is %s s in the future; the window is 300 s', ts - now_s), 'check the sender''s clock (Unix seconds, UTC)', inst.id);
  end if;

  if idem is null then
    idem := 'sig:' || pg_catalog.lower(sig);
  elsif idem !~ '^[!-~]{1,200}$' then
    perform odoo.webhook_reject('SS413', 'x-idempotency-key must be 1 to 200 printable ASCII characters', null, inst.id);
  elsif idem ~* '^sig:' then
    -- keys of keyless requests are sig:<signature>; a sent key never shares that namespace
    perform odoo.webhook_reject('SS413', 'x-idempotency-key may not start with sig: (the key of requests sent without one)', 'use another prefix', inst.id);
  end if;
  body_hash := extensions.digest(body, 'sha256');
  select e.id, e.body_sha256 into prior from odoo.webhook_events e where e.instance_id = inst.id and e.idempotency_key = idem;
  if found then
    if prior.body_sha256 <> body_hash then
      perform odoo.webhook_reject('SS414', pg_catalog.format('x-idempotency-key %L was used for another body', idem), 'use a new key for a new event', inst.id);
    end if;
    return prior.id;
  end if;

  begin
    doc := body::jsonb;
  exception when others then  -- 22P02 syntax, 22P05 \u0000, 54001 nesting: all malformed input
    perform odoo.webhook_reject('SS410', 'webhook body is not valid JSON: ' || sqlerrm, 'send {event_type, aggregate_type, aggregate_id, payload} as JSON', inst.id);
  end;
  if pg_catalog.jsonb_typeof(doc) <> 'object' then
    perform odoo.webhook_reject('SS411', 'webhook body must be a JSON object', 'send {event_type, aggregate_type, aggregate_id, payload}', inst.id);
  end if;
  if pg_catalog.jsonb_typeof(doc -> 'event_type') is distinct from 'string' or doc ->> 'event_type' !~ '^[A-Za-z0-9_.:-]{1,100}$' then
    perform odoo.webhook_reject('SS411', 'field event_type is missing or not a short string', 'e.g. "write"', inst.id);
  end if;
  if pg_catalog.jsonb_typeof(doc -> 'aggregate_type') is distinct from 'string' or doc ->> 'aggregate_type' !~ '^[a-z_][a-z0-9_.]{0,99}$' then
    perform odoo.webhook_reject('SS411', 'field aggregate_type is missing or not an Odoo model name', 'e.g. "project.task"', inst.id);
  end if;
  agg_id := doc -> 'aggregate_id';
  if agg_id is null or pg_catalog.jsonb_typeof(agg_id) not in ('number', 'string') then
    perform odoo.webhook_reject('SS411', 'field aggregate_id is missing or not an id', 'the record id, e.g. 42', inst.id);
  end if;
  if odoo.webhook_handles(doc ->> 'aggregate_type') then
    -- what the model's handler needs, checked now rather than by a worker until the event is dead
    if odoo.webhook_record_id(agg_id #>> '{}') is null then
      perform odoo.webhook_reject('SS416', pg_catalog.format('aggregate_id %s is not an Odoo record id of %s', pg_catalog.left(agg_id::text, 40), doc ->> 'aggregate_type'),
        'the record''s integer id, e.g. 42', inst.id);
    end if;
  elsif agg_id #>> '{}' !~ '^\S{1,200}$' then
    perform odoo.webhook_reject('SS411', 'field aggregate_id is missing or not an id', 'the record id, e.g. 42', inst.id);
  end if;
  if pg_catalog.jsonb_typeof(doc -> 'payload') is distinct from 'object' then
    perform odoo.webhook_reject('SS411', 'field payload is missing or not a JSON object', 'the record''s fields, e.g. {"name": "..."}', inst.id);
  end if;

  insert into odoo.webhook_events (instance_id, event_type, aggregate_type, aggregate_id, payload, idempotency_key, body_sha256, signed_at)
  values (inst.id, doc ->> 'event_type', doc ->> 'aggregate_type', agg_id #>> '{}', doc -> 'payload', idem, body_hash, pg_catalog.to_timestamp(ts))
  on conflict (instance_id, idempotency_key) do nothing
  returning id into new_id;
  if new_id is null then
    -- a concurrent delivery of the same event committed first
    select e.id, e.body_sha256 into prior from odoo.webhook_events e where e.instance_id = inst.id and e.idempotency_key = idem;
    if prior.body_sha256 <> body_hash then
      perform odoo.webhook_reject('SS414', pg_catalog.format('x-idempotency-key %L was used for another body', idem), 'use a new key for a new event', inst.id);
    end if;
    return prior.id;
  end if;
  return new_id;
end
$$;
comment on function private.odoo_webhook(text) is 'RPC: the body of public.odoo_webhook (POST /rpc/odoo_webhook, text/plain): verifies the HMAC signature and timestamp, deduplicates, stores a pending event and returns its id.';
revoke execute on function private.odoo_webhook(text) from public;
grant execute on function private.odoo_webhook(text) to anon, authenticated, service_role;
