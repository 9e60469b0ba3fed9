-- advisor.lint_secrets_outside_vault: the doctrine "secrets live only in the vault".
create or replace function advisor._lint_secrets_outside_vault()
returns setof advisor.lint
language sql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
  select 'secrets_outside_vault',
         'Secret outside the vault',
         case f.finding when 'value' then 'ERROR' else 'WARN' end,
         'EXTERNAL',
         array['SECURITY'],
         'Detects credentials stored outside the vault: columns named like credentials and values that look like API keys, tokens or private keys.',
         case f.finding
           when 'value' then pg_catalog.format('Column %s.%s.%s holds a value that looks like a credential (%s).', f.schema_name, f.table_name, f.column_name, f.example)
           else pg_catalog.format('Column %s.%s.%s is named like a credential.', f.schema_name, f.table_name, f.column_name)
         end,
         'Move the value into the vault (ssot secret set NAME, declared in db/seeds kind secrets), store the secret''s name instead, and drop the column. A column that holds a vault secret''s name: start its comment with "Name of a vault secret".',
         pg_catalog.jsonb_build_object('schema', f.schema_name, 'name', f.table_name, 'column', f.column_name, 'type', 'table', 'finding', f.finding),
         pg_catalog.format('secrets_outside_vault_%s_%s_%s_%s', f.schema_name, f.table_name, f.column_name, f.finding)
    from advisor.find_secrets_outside_vault() f
$$;
comment on function advisor._lint_secrets_outside_vault() is 'Rows of advisor.lint_secrets_outside_vault.';
revoke execute on function advisor._lint_secrets_outside_vault() from public;

create or replace view advisor.lint_secrets_outside_vault with (security_invoker = true) as
  select * from advisor._lint_secrets_outside_vault();
comment on view advisor.lint_secrets_outside_vault is 'Lint: credentials outside the vault (ERROR for a credential-looking value, WARN for a credential-named column).';
