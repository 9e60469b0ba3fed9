-- advisor.api_schemas(): the exposed schemas of the splinter-named lints. The session's
-- pgrst.db_schemas wins when set (as Supabase Studio runs splinter), else the registry decides.
begin;
select plan(4);

select is(advisor.api_schemas(), advisor.exposed_schemas(), 'without pgrst.db_schemas in the session, the registry''s exposed schemas');
select ok(advisor.api_schemas() @> array['public']::name[], 'the registry exposes public');
set local pgrst.db_schemas = ' public , graphql_public,';
select is(advisor.api_schemas(), array['public', 'graphql_public']::name[], 'the session''s pgrst.db_schemas, trimmed, empty items dropped');
set local pgrst.db_schemas = ' ';
select is(advisor.api_schemas(), advisor.exposed_schemas(), 'a blank setting falls back to the registry');

select * from finish();
rollback;
