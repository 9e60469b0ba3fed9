-- advisor.lint_foreign_table_in_api (splinter 0017): a foreign table in an exposed schema that anon
-- or authenticated may select is a WARN. The wrapper is one without a handler: on the Supabase
-- profile the admin made it for postgres (src/testrun/supabase-layout.sql, standing in for Supabase
-- Wrappers); as a superuser the test makes it.
begin;
select plan(4);

select is_empty($$select detail from advisor.lint_foreign_table_in_api where name = 'foreign_table_in_api'$$, 'nothing on the migrated database');

do $$
begin
  if not exists (select from pg_catalog.pg_foreign_data_wrapper where fdwname = 'ssot_test_wrapper') then
    create foreign data wrapper ssot_test_wrapper;
  end if;
end
$$;
create server t_remote foreign data wrapper ssot_test_wrapper;
create foreign table public.t_remote_rows (id int, label text) server t_remote;
grant select on public.t_remote_rows to authenticated;
select results_eq($$select level, facing, categories, title, metadata, cache_key from advisor.lints() where name = 'foreign_table_in_api'$$,
  $$values ('WARN'::text, 'EXTERNAL'::text, array['SECURITY']::text[], 'Foreign Table in API'::text,
            '{"schema": "public", "name": "t_remote_rows", "type": "foreign table"}'::jsonb, 'foreign_table_in_api_public_t_remote_rows'::text)$$,
  'a foreign table authenticated may select in an exposed schema is reported under splinter''s name, metadata and cache_key');
revoke select on public.t_remote_rows from anon, authenticated, public;
select is_empty($$select detail from advisor.lint_foreign_table_in_api where name = 'foreign_table_in_api'$$, 'quiet once anon and authenticated may not select it');

create foreign table ops.t_remote_rows (id int) server t_remote;
grant select on ops.t_remote_rows to anon;
select is_empty($$select detail from advisor.lint_foreign_table_in_api where name = 'foreign_table_in_api'$$, 'one in a schema the API does not expose is not reported');

select * from finish();
rollback;
