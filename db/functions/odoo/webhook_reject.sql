-- odoo.webhook_reject: counts a webhook rejection and raises it.
--   code         the reason (SS401-SS419), counted in odoo.webhook_rejected_<code>: a fixed set of
--                global counters, whoever the caller is
--   instance_id  given only once the request's signature has verified: the rejection is also
--                counted in the instance's own counter (odoo.webhook_rejected_i<id>), so nobody
--                without the instance's key can move an instance's count
--   told         the SQLSTATE the caller sees when it is not the reason (SS417 for every refusal
--                that would tell an unauthenticated caller whether an instance exists)
-- The counts survive the rollback the error causes: they are sequences (nextval is not transactional).
create or replace function odoo.webhook_reject(code text, message text, hint text default null,
                                               instance_id uuid default null, told text default null)
returns void
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  per_instance regclass;
begin
  perform pg_catalog.nextval(pg_catalog.format('odoo.webhook_rejected_%s', pg_catalog.lower(code))::regclass);
  if instance_id is not null then
    per_instance := pg_catalog.to_regclass(pg_catalog.format('odoo.%I', 'webhook_rejected_i' || pg_catalog.replace(instance_id::text, '-', '')));
    if per_instance is not null then
      perform pg_catalog.nextval(per_instance);
    end if;
  end if;
  raise exception using errcode = coalesce(told, code), message = message, hint = coalesce(hint, '');
end
$$;
comment on function odoo.webhook_reject(text, text, text, uuid, text) is 'Counts a webhook rejection (per reason; per instance only for a verified signature; non-transactionally) and raises it, with the SQLSTATE told to the caller when that differs from the reason.';
revoke execute on function odoo.webhook_reject(text, text, text, uuid, text) from public, anon, authenticated, service_role;
