-- A pinned search_path must list pg_temp last: the doctrine check definer_search_path and the project
-- lint function_search_path_unsafe catch a definer whose path leaves pg_temp implicit (searched first)
-- or puts it before other schemas, and accept `pg_catalog, pg_temp`. Splinter's
-- function_search_path_mutable only asks for a pinned path, any.
begin;
select plan(18);

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

select results_eq($$select metadata ->> 'name', level, cache_key from advisor.lints() where name = 'function_search_path_unsafe' and metadata ->> 'name' like 't\_%' order by 1$$,
  $$values ('t_definer_empty', 'ERROR', 'function_search_path_unsafe_ops_t_definer_empty_' || md5('ops.t_definer_empty()')),
           ('t_definer_first', 'ERROR', 'function_search_path_unsafe_ops_t_definer_first_' || md5('ops.t_definer_first()')),
           ('t_definer_none', 'ERROR', 'function_search_path_unsafe_ops_t_definer_none_' || md5('ops.t_definer_none()')),
           ('t_invoker_empty', 'WARN', 'function_search_path_unsafe_ops_t_invoker_empty_' || md5('ops.t_invoker_empty()'))$$,
  'function_search_path_unsafe flags every pinned path without pg_temp last: ERROR for a definer, WARN for an invoker');
select ok(not exists (select from advisor.lints() where name like 'function\_search\_path\_%' and metadata ->> 'name' like 't\_%'
                       and (name = 'function_search_path_mutable' or metadata ->> 'name' = 't_definer_good')),
  'function_search_path_unsafe accepts pg_catalog, pg_temp; function_search_path_mutable accepts any pinned path');
select matches((select detail from advisor.lints() where name = 'function_search_path_unsafe' and metadata ->> 'name' = 't_definer_empty'),
  'search_path is empty', 'its detail says what is wrong');
create function ops.t_definer_unpinned() returns int language sql security definer as 'select 1';
create function ops.t_invoker_unpinned() returns int language sql as 'select 1';
select results_eq($$select metadata ->> 'name', name, level from advisor.lints() where name like 'function\_search\_path\_%' and metadata ->> 'name' like 't\_%unpinned' order by 1, 2$$,
  $$values ('t_definer_unpinned', 'function_search_path_mutable', 'WARN'), ('t_definer_unpinned', 'function_search_path_unsafe', 'ERROR'),
           ('t_invoker_unpinned', 'function_search_path_mutable', 'WARN')$$,
  'no path at all: splinter''s WARN for any function, and the project lint''s ERROR besides for a definer');
alter function ops.t_definer_unpinned() set search_path = pg_catalog, pg_temp;
select is_empty($$select from advisor.lints() where name like 'function\_search\_path\_%' and metadata ->> 'name' = 't_definer_unpinned'$$,
  'both are quiet once the path is pinned to pg_catalog, pg_temp');

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
