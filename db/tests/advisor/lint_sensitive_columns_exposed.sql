-- advisor.lint_sensitive_columns_exposed (splinter 0023): a table without RLS in an exposed schema,
-- selectable by anon or authenticated, with columns named exactly like sensitive data (the list
-- advisor.sensitive_column_names()), is an ERROR.
begin;
select plan(7);

select is_empty($$select detail from advisor.lint_sensitive_columns_exposed where name = 'sensitive_columns_exposed'$$, 'nothing on the migrated database');
select is((select count(distinct column_name)::int from advisor.sensitive_column_names()), (select count(*)::int from advisor.sensitive_column_names()),
  'the list names each column once');

create table public.t_accounts (id int primary key, "Password" text, api_key text, "credit-card" text, api_keys text, secret_name text, token_count int);
grant select on public.t_accounts to anon;
select results_eq($$select level, facing, categories, title, metadata, cache_key from advisor.lints() where name = 'sensitive_columns_exposed'$$,
  $$values ('ERROR'::text, 'EXTERNAL'::text, array['SECURITY']::text[], 'Sensitive Columns Exposed'::text,
            '{"schema": "public", "name": "t_accounts", "type": "table",
              "sensitive_columns": ["Password", "api_key", "credit-card"], "matched_patterns": ["api_key", "credit_card", "password"]}'::jsonb,
            'sensitive_columns_exposed_public_t_accounts'::text)$$,
  'exact names after lower-casing and - as _ are reported (api_keys, secret_name, token_count are not), under splinter''s name, metadata and cache_key');
select ok(exists (select from advisor.lints() where name = 'rls_disabled_in_public' and metadata ->> 'name' = 't_accounts'),
  'the same table is reported as exposed without RLS too, as splinter does');

alter table public.t_accounts enable row level security;
select is_empty($$select detail from advisor.lint_sensitive_columns_exposed where name = 'sensitive_columns_exposed'$$, 'quiet once RLS is enabled');

alter table public.t_accounts disable row level security;
revoke select on public.t_accounts from anon, authenticated, public;
select is_empty($$select detail from advisor.lint_sensitive_columns_exposed where name = 'sensitive_columns_exposed'$$, 'quiet when anon and authenticated may not select it');

create table ops.t_accounts (id int primary key, password text);
grant select on ops.t_accounts to anon;
select is_empty($$select detail from advisor.lint_sensitive_columns_exposed where name = 'sensitive_columns_exposed'$$, 'a table in a schema the API does not expose is not reported');

select * from finish();
rollback;
