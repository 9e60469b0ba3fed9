-- ops.outbox_sign: the x-ipai-signature of a body: hex HMAC-SHA256 of timestamp || '.' || body.
create or replace function ops.outbox_sign(secret text, ts text, body text)
returns text
language sql immutable strict
set search_path = pg_catalog, pg_temp
as $$
  select pg_catalog.encode(extensions.hmac(pg_catalog.convert_to(ts || '.' || body, 'UTF8'), pg_catalog.convert_to(secret, 'UTF8'), 'sha256'), 'hex')
$$;
comment on function ops.outbox_sign(text, text, text) is 'Hex HMAC-SHA256 of timestamp || ''.'' || body under secret (the x-ipai-signature header).';
revoke execute on function ops.outbox_sign(text, text, text) from public;
