-- advisor.lint_materialized_view_in_api (splinter 0016): a materialized view in an exposed schema
-- that anon or authenticated may select (it has no RLS) is a WARN.
begin;
select plan(5);

select is_empty($$select detail from advisor.lint_materialized_view_in_api where name = 'materialized_view_in_api'$$, 'nothing on the migrated database');

create materialized view public.t_mv as select 1 as x;
grant select on public.t_mv to anon;
select results_eq($$select level, facing, categories, title, metadata, cache_key from advisor.lints() where name = 'materialized_view_in_api'$$,
  $$values ('WARN'::text, 'EXTERNAL'::text, array['SECURITY']::text[], 'Materialized View in API'::text,
            '{"schema": "public", "name": "t_mv", "type": "materialized view"}'::jsonb, 'materialized_view_in_api_public_t_mv'::text)$$,
  'a materialized view anon may select in an exposed schema is reported under splinter''s name, metadata and cache_key');
revoke select on public.t_mv from anon, authenticated, public;
select is_empty($$select detail from advisor.lint_materialized_view_in_api where name = 'materialized_view_in_api'$$, 'quiet once anon and authenticated may not select it');

create materialized view ops.t_mv as select 1 as x;
grant select on ops.t_mv to authenticated;
select is_empty($$select detail from advisor.lint_materialized_view_in_api where name = 'materialized_view_in_api'$$, 'one in a schema the API does not expose is not reported');
set local pgrst.db_schemas = 'ops';
select is((select cache_key from advisor.lint_materialized_view_in_api where name = 'materialized_view_in_api'), 'materialized_view_in_api_ops_t_mv',
  'it is once the session''s pgrst.db_schemas exposes that schema');

select * from finish();
rollback;
