-- control_plane.secret_value: the value of a registered secret for the database's own jobs
-- (the outbox dispatcher signing n8n calls), logged as a `dispatch` access by `accessor`.
create or replace function control_plane.secret_value(secret_name text, accessor text default 'n8n-orchestrator')
returns text
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  value text;
begin
  select d.decrypted_secret into value
    from control_plane.secrets s join vault.decrypted_secrets d on d.id = s.vault_secret_id
   where s.name = secret_value.secret_name;
  if value is null then
    perform control_plane.log_access(accessor, secret_name, 'dispatch', 'refused', 'secret not registered or has no value');
    raise exception 'secret "%" is not registered or has no value', secret_name using errcode = 'SS214',
      hint = 'ssot secret set ' || secret_name;
  end if;
  perform control_plane.log_access(accessor, secret_name, 'dispatch', 'granted', null);
  return value;
end
$$;
comment on function control_plane.secret_value(text, text) is 'A registered secret''s value for internal jobs, logged (dispatch); SS214 when it has no value. Not callable by API roles.';
revoke execute on function control_plane.secret_value(text, text) from public;
