-- advisor.check_secrets_in_vault: the evaluator of "Secrets stored in Supabase Vault only", decided
-- by the lints that find a secret stored outside the vault, named here (not matched by name):
-- secrets_outside_vault (credential-looking values and credential-named columns in tables) and
-- cron_literal_secrets (a credential written into a pg_cron command, kept in cron.job and its run log).
-- An ERROR or WARN of either fails the item; a lint view not installed leaves it a warning.
create or replace function advisor.check_secrets_in_vault(arg text, out status text, out detail text)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_lints constant text[] := array['secrets_outside_vault', 'cron_literal_secrets'];
  v_missing text;
  v_lint text;
  v_found text;
  v_bad text[] := '{}'::text[];
begin
  select pg_catalog.string_agg('advisor.lint_' || l, ', ' order by o) into v_missing
    from pg_catalog.unnest(v_lints) with ordinality u(l, o)
   where pg_catalog.to_regclass('advisor.lint_' || l) is null;
  foreach v_lint in array v_lints loop
    continue when pg_catalog.to_regclass('advisor.lint_' || v_lint) is null;
    execute pg_catalog.format('select pg_catalog.string_agg(l.detail, ''; '') from advisor.%I l where l.level in (''ERROR'', ''WARN'')', 'lint_' || v_lint)
      into v_found;
    if v_found is not null then
      v_bad := v_bad || v_found;
    end if;
  end loop;
  if cardinality(v_bad) > 0 then
    status := 'fail';
    detail := pg_catalog.array_to_string(v_bad, '; ');
  elsif v_missing is not null then
    status := 'warn';
    detail := pg_catalog.format('secret lint not installed (%s): the database cannot tell yet', v_missing);
  else
    status := 'pass';
    detail := 'no secret-looking data outside the vault';
  end if;
end
$$;
comment on function advisor.check_secrets_in_vault(text) is 'Checklist evaluator (advisor.checks.evaluator): fail when the lints secrets_outside_vault or cron_literal_secrets report an ERROR or WARN (their details joined), warn when one of them is not installed. Takes no argument.';
revoke execute on function advisor.check_secrets_in_vault(text) from public;
