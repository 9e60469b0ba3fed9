-- What "looks like a secret", in one place: advisor.looks_like_secret(text, in_code) is used by
-- ops.cron_declare (refuses such a command), the lints (cron_literal_secrets, secrets_outside_vault)
-- and the secret scan, so a value one of them refuses the others flag. advisor.secret_value_pattern
-- is the credential shapes (API keys, tokens, private keys, JWTs, URLs with a password);
-- advisor.secret_code_pattern adds what only SQL text can hold (a bearer header, password=, an HMAC
-- key as a literal, a long hex literal); advisor.secret_column_pattern is columns named like
-- credentials.
create or replace function advisor.secret_value_pattern()
returns text
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select '(sk-[A-Za-z0-9_-]{20,}|sk_(live|test)_[A-Za-z0-9]{16,}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{20,}'
      || '|xox[abprs]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|dop_v1_[a-f0-9]{40,}|-----BEGIN [A-Z ]*PRIVATE KEY-----'
      || '|eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}'
      || '|[A-Za-z][A-Za-z0-9+.-]*://[^/:@\s'']+:[^/@\s'']+@)'
$$;
comment on function advisor.secret_value_pattern() is 'Regular expression of values that look like credentials (OpenAI/Stripe-style sk- keys, GitHub, Slack, AWS, DigitalOcean tokens, PEM private keys, JWTs, URLs with a user and password).';

create or replace function advisor.secret_code_pattern()
returns text
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select advisor.secret_value_pattern()
      || '|(bearer\s+[A-Za-z0-9._~+/-]{16,})|(password\s*[=:]\s*\S+)|(hmac\s*\([^)]*,\s*''[^'']{8,}'')|(''[A-Fa-f0-9]{32,}'')'
$$;
comment on function advisor.secret_code_pattern() is 'Regular expression of SQL text that carries a credential: advisor.secret_value_pattern() plus a bearer header, password=…, an HMAC key given as a literal, a quoted hex string of 32+ digits. Matched case-insensitively.';

create or replace function advisor.looks_like_secret(value text, in_code boolean default false)
returns boolean
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select case when in_code then value ~* advisor.secret_code_pattern() else value ~ advisor.secret_value_pattern() end
$$;
comment on function advisor.looks_like_secret(text, boolean) is 'Whether a value (in_code false: stored data, case-sensitive shapes) or SQL text (in_code true: also bearer headers, password=, literal HMAC keys, long hex literals; case-insensitive) looks like a credential. The one rule used by ops.cron_declare, the secret lints and the scan.';

create or replace function advisor.secret_column_pattern()
returns text
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select '(^|_)(api_?key|apikey|secret|secret_key|client_secret|password|passwd|pwd|token|access_token|refresh_token|auth_token|private_key|credentials?|bearer)$'
$$;
comment on function advisor.secret_column_pattern() is 'Regular expression of column names that suggest a stored credential (matched on the end of the name, so secret_name or token_count do not match).';


-- advisor.find_secrets_outside_vault: columns named like credentials, and text/json values that
-- look like credentials (the first 10 000 rows of each table are sampled). A column whose comment
-- starts with "Name of a vault secret" holds a reference, not a value, and is not reported by name.
create or replace function advisor.find_secrets_outside_vault(sample_rows int default 10000)
returns table (schema_name text, table_name text, column_name text, finding text, example text)
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  col record;
  hit text;
begin
  for col in
    select n.nspname::text as s, c.relname::text as t, a.attname::text as a, a.atttypid::regtype::text as typ,
           coalesce(pg_catalog.col_description(c.oid, a.attnum), '') as note
      from pg_catalog.pg_attribute a
      join pg_catalog.pg_class c on c.oid = a.attrelid
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p', 'm') and a.attnum > 0 and not a.attisdropped
       and not c.relispartition
       and advisor.is_ours(n.nspname)
     order by 1, 2, a.attnum
  loop
    if col.a ~* advisor.secret_column_pattern() and col.note !~* '^name of a vault secret'
       and col.typ in ('text', 'character varying', 'character', 'jsonb', 'json', 'bytea') then
      schema_name := col.s; table_name := col.t; column_name := col.a; finding := 'column'; example := null;
      return next;
    end if;
    if col.typ in ('text', 'character varying', 'character', 'jsonb', 'json') then
      execute pg_catalog.format(
        'select left(regexp_replace(substring(v from $1), ''^(.{6}).*$'', ''\1…''), 12)
           from (select %I::text as v from %I.%I limit $2) x where advisor.looks_like_secret(v) limit 1',
        col.a, col.s, col.t)
        into hit using advisor.secret_value_pattern(), sample_rows;
      if hit is not null then
        schema_name := col.s; table_name := col.t; column_name := col.a; finding := 'value'; example := hit;
        return next;
      end if;
    end if;
  end loop;
end
$$;
comment on function advisor.find_secrets_outside_vault(int) is 'Columns named like credentials and values that look like credentials outside the vault (examples are cut to their first 6 characters).';
revoke execute on function advisor.find_secrets_outside_vault(int) from public;
