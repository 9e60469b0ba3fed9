-- A pinned search_path must list pg_temp last: the doctrine check definer_search_path and the lint
-- function_search_path_mutable catch a definer whose path leaves pg_temp implicit (searched first)
-- or puts it before other schemas, and accept `pg_catalog, pg_temp`.
begin;
select plan(16);

select is(advisor.function_search_path_problem(array['search_path=pg_catalog, pg_temp']), null, 'pg_catalog, pg_temp is accepted');
select is(advisor.function_search_path_problem(array['lock_timeout=1s', 'search_path=pg_temp']), null, 'pg_temp alone (pg_catalog implicitly first) is accepted');
select is(advisor.function_search_path_problem(null), 'no fixed search_path', 'no settings at all');
select matches(advisor.function_search_path_problem(array['search_path=""']), '^search_path is empty', 'an empty path');
select matches(advisor.function_search_path_problem(array['search_path=pg_temp, pg_catalog']), 'lists pg_temp before other schemas', 'pg_temp not last');
select matches(advisor.function_search_path_problem(array['search_path="$user", public']), 'does not list pg_temp', 'no pg_temp in the list');

create function ops.t_definer_empty() returns int language sql security definer set search_path = '' as 'select 1';
create function ops.t_definer_first() returns int language sql security definer set search_path = pg_temp, pg_catalog as 'select 1';
create function ops.t_definer_none() returns int language sql security definer set search_path = pg_catalog, extensions as 'select 1';
create function ops.t_definer_good() returns int language sql security definer set search_path = pg_catalog, pg_temp as 'select 1';
create function ops.t_invoker_empty() returns int language sql set search_path = '' as 'select 1';
revoke execute on function ops.t_definer_empty(), ops.t_definer_first(), ops.t_definer_none(), ops.t_definer_good() from public;
comment on function ops.t_definer_empty() is 'test';
comment on function ops.t_definer_first() is 'test';
comment on function ops.t_definer_none() is 'test';
comment on function ops.t_definer_good() is 'test';
comment on function ops.t_invoker_empty() is 'test';

select results_eq($$select object, problem from advisor.assert_doctrine() where object like 'ops.t\_%' order by object$$,
  $$values ('ops.t_definer_empty()', 'SECURITY DEFINER function: search_path is empty, so the caller''s temporary schema (pg_temp) is searched first for tables and types'),
           ('ops.t_definer_first()', 'SECURITY DEFINER function: search_path pg_temp, pg_catalog lists pg_temp before other schemas; it must come last'),
           ('ops.t_definer_none()', 'SECURITY DEFINER function: search_path pg_catalog, extensions does not list pg_temp, so the caller''s temporary schema is searched first for tables and types')$$,
  'definer_search_path catches a definer whose path leaves pg_temp implicit or not last, and only those');
select is((select array_agg(distinct check_name) from advisor.assert_doctrine() where object like 'ops.t\_%'), array['definer_search_path'],
  'they fail definer_search_path');
select is_empty($$select * from advisor.assert_doctrine() where object = 'ops.t_definer_good()'$$, 'a definer with pg_catalog, pg_temp is clean');
select is_empty($$select * from advisor.assert_doctrine() where object = 'ops.t_invoker_empty()'$$, 'an invoker function is not a doctrine failure');
alter function ops.t_definer_empty() set search_path = pg_catalog, pg_temp;
select is_empty($$select * from advisor.assert_doctrine() where object = 'ops.t_definer_empty()'$$, 'the fix the check gives makes it clean');
alter function ops.t_definer_empty() set search_path = '';

select results_eq($$select metadata ->> 'name', level from advisor.lints() where name = 'function_search_path_mutable' and metadata ->> 'name' like 't\_%' order by 1$$,
  $$values ('t_definer_empty', 'ERROR'), ('t_definer_first', 'ERROR'), ('t_definer_none', 'ERROR'), ('t_invoker_empty', 'WARN')$$,
  'the lint flags every path without pg_temp last: ERROR for a definer, WARN for an invoker');
select ok(not exists (select from advisor.lints() where name = 'function_search_path_mutable' and metadata ->> 'name' = 't_definer_good'),
  'the lint accepts pg_catalog, pg_temp');
select matches((select detail from advisor.lints() where name = 'function_search_path_mutable' and metadata ->> 'name' = 't_definer_empty'),
  'search_path is empty', 'its detail says what is wrong');

-- every function of ours pins a path ending with pg_temp (catalog-driven: tomorrow's function too)
select is_empty($$
  select p.oid::regprocedure::text, advisor.function_search_path_problem(p.proconfig)
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where advisor.is_ours(n.nspname) and p.proconfig is not null and advisor.function_search_path_problem(p.proconfig) is not null
    and p.proname not like 't\_%'
    and not exists (select from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')$$,
  'every pinned search_path of ours ends with pg_temp');
select is_empty($$
  select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where p.prosecdef and n.nspname not in ('pg_catalog', 'information_schema') and advisor.function_search_path_problem(p.proconfig) is not null
    and p.proname not like 't\_%'
    and not exists (select from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')$$,
  'every SECURITY DEFINER function in the database (vault and net compat included) lists pg_temp last');

select * from finish();
rollback;
