-- odoo.webhook_reject: counts a webhook rejection and raises it with its own SQLSTATE.
-- The count survives the rollback the error causes: it is a sequence (nextval is not transactional).
create or replace function odoo.webhook_reject(code text, message text, hint text default null)
returns void
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform pg_catalog.nextval(pg_catalog.format('odoo.webhook_rejected_%s', pg_catalog.lower(code))::regclass);
  raise exception using errcode = code, message = message, hint = coalesce(hint, '');
end
$$;
comment on function odoo.webhook_reject(text, text, text) is 'Counts a webhook rejection (per SQLSTATE, non-transactionally) and raises it.';
revoke execute on function odoo.webhook_reject(text, text, text) from public, anon, authenticated, service_role;
