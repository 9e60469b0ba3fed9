-- advisor.check_vault_direct_access: the evaluator of "No API role reads or writes the vault directly".
create or replace function advisor.check_vault_direct_access(arg text, out status text, out detail text)
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
declare
  v_bad text;
begin
  select pg_catalog.string_agg(pg_catalog.format('%s has %s on %s (revocable by %s)', v.role_name, v.privileges, v.object, v.revoker), '; ') into v_bad
    from advisor.vault_direct_access() v;
  status := case when v_bad is null then 'pass' else 'fail' end;
  detail := coalesce(v_bad || ': revoke it as that role (ssot check prints each statement)',
                     'no API role can read or write the vault directly: the audited accessor is the only way to a secret');
end
$$;
comment on function advisor.check_vault_direct_access(text) is 'Checklist evaluator (advisor.checks.evaluator): no API role holds a privilege on the vault (advisor.vault_direct_access), else fail naming each role, privilege, object and who can revoke it. Takes no argument.';
revoke execute on function advisor.check_vault_direct_access(text) from public;
