-- public.odoo_webhook: the PostgREST entry point for Odoo's signed webhooks (docs/odoo.md, "Webhooks").
--
-- PostgREST calls a function with a single unnamed text parameter with the raw request body when
-- the request is sent with `Content-Type: text/plain`; the headers are in `request.headers`:
--   x-ipai-signature   hex HMAC-SHA256 of `timestamp + "." + body`, or of
--                      `timestamp + "." + key + "." + body` when x-idempotency-key is sent
--                      (optionally `sha256=`-prefixed)
--   x-ipai-timestamp   Unix seconds, accepted within 5 minutes either way
--   x-ipai-instance    odoo.instances.slug; its secret is the vault secret webhook_secret_name
--   x-idempotency-key  optional, covered by the signature; defaults to the signature, so a
--                      byte-identical replay is a no-op
-- A SECURITY INVOKER wrapper: the work, with the owner's rights, is private.odoo_webhook, in a
-- schema PostgREST does not expose (so no SECURITY DEFINER function is an endpoint of the API).
-- Its SQLSTATEs reach the caller unchanged; until the signature verifies they say nothing about
-- instances (SS417 for an unknown, inactive or keyless instance, a key under 32 bytes and a wrong
-- signature alike; docs/odoo.md lists what each code tells whom).
create or replace function public.odoo_webhook(text)
returns uuid
language sql volatile security invoker
set search_path = pg_catalog, pg_temp
as $$
  select private.odoo_webhook($1)
$$;
comment on function public.odoo_webhook(text) is 'RPC: Odoo webhook ingestion (POST /rpc/odoo_webhook, text/plain): verifies the HMAC signature and timestamp, deduplicates, stores a pending event and returns its id (SECURITY INVOKER; the body is private.odoo_webhook).';
revoke execute on function public.odoo_webhook(text) from public;
grant execute on function public.odoo_webhook(text) to anon, authenticated, service_role;
