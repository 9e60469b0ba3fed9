-- plpgsql_check in the doctrine: advisor.plpgsql_check_findings() checks every plpgsql function of
-- ours (trigger functions against their tables) and advisor.assert_doctrine() fails on its errors,
-- warnings and security warnings, naming the function and the line. On the Supabase profile the
-- functions planted here are owned by the non-superuser postgres, which runs the check.
begin;
select plan(16);

select has_extension('extensions', 'plpgsql_check', 'plpgsql_check is installed in schema extensions');
select is_empty($$select * from advisor.plpgsql_check_findings() where level in ('error', 'warning', 'security')$$,
  'no error, warning or security warning in any function of the migrated database');
select is_empty($$select * from advisor.assert_doctrine() where check_name = 'plpgsql_check'$$,
  'so the doctrine has nothing to say about them');

-- a function reading a column that is gone
create table ops.t_plc (id int primary key, note text);
create function ops.t_plc_note(p_id int) returns text language plpgsql stable
set search_path = pg_catalog, pg_temp as $$
begin
  return (select t.note from ops.t_plc t where t.id = p_id);
end
$$;
select is_empty($$select * from advisor.plpgsql_check_findings() where function_name = 'ops.t_plc_note(integer)'$$,
  'a function reading an existing column is clean');
alter table ops.t_plc drop column note;
select results_eq($$select lineno, level, sqlstate, message from advisor.plpgsql_check_findings() where function_name = 'ops.t_plc_note(integer)' and level = 'error'$$,
  $$values (3, 'error', '42703', 'column t.note does not exist')$$, 'the dropped column is an error on line 3 of the body');
select results_eq($$select object, problem from advisor.assert_doctrine() where check_name = 'plpgsql_check'$$,
  $$values ('ops.t_plc_note(integer)', 'line 3: error: column t.note does not exist')$$,
  'assert_doctrine names the function and the line');

-- a trigger function is checked against the table its trigger is on
create function ops.tg_t_plc() returns trigger language plpgsql
set search_path = pg_catalog, pg_temp as $$
begin
  new.label := 'x';
  return new;
end
$$;
select is_empty($$select * from advisor.plpgsql_check_findings() where function_name = 'ops.tg_t_plc()'$$,
  'a trigger function no trigger calls has no relation to be checked against: left out');
create trigger t_plc_label before insert on ops.t_plc for each row execute function ops.tg_t_plc();
select results_eq($$select relation, lineno, level from advisor.plpgsql_check_findings() where function_name = 'ops.tg_t_plc()'$$,
  $$values ('ops.t_plc', 3, 'error')$$, 'a trigger function writing a column its table lacks is an error, with the table');
select matches((select problem from advisor.assert_doctrine() where object = 'ops.tg_t_plc()'),
  '^line 3: error, trigger on ops\.t_plc: ', 'assert_doctrine names the trigger''s table');
alter table ops.t_plc add column label text;
select is_empty($$select * from advisor.plpgsql_check_findings() where function_name = 'ops.tg_t_plc()'$$,
  'with the column added it is clean');

-- a security warning fails; the function's own comment option silences a false positive
create function ops.t_plc_count(p_table text) returns bigint language plpgsql stable
set search_path = pg_catalog, pg_temp as $f$
declare
  v_n bigint;
begin
  execute 'select count(*) from ' || p_table into v_n;
  return v_n;
end
$f$;
select results_eq($$select check_name, object, problem from advisor.assert_doctrine() where object = 'ops.t_plc_count(text)'$$,
  $$values ('plpgsql_check', 'ops.t_plc_count(text)', 'line 5: security: text type variable is not sanitized: The EXECUTE expression is SQL injection vulnerable.')$$,
  'EXECUTE of unsanitised text is a security warning that fails');
create or replace function ops.t_plc_count(p_table text) returns bigint language plpgsql stable
set search_path = pg_catalog, pg_temp as $f$
declare
  v_n bigint;
begin
  -- @plpgsql_check_options: security_warnings = off
  execute 'select count(*) from ' || p_table into v_n;
  return v_n;
end
$f$;
select is_empty($$select * from advisor.assert_doctrine() where object = 'ops.t_plc_count(text)'$$,
  '-- @plpgsql_check_options: security_warnings = off in the body silences it');

-- an unused variable is a warning (it fails); an unused parameter an extra warning, listed but not failing
create function ops.t_plc_unused(p_unused int) returns int language plpgsql immutable
set search_path = pg_catalog, pg_temp as $$
declare
  v_never int;
begin
  return 1;
end
$$;
select results_eq($$select level, message from advisor.plpgsql_check_findings() where function_name = 'ops.t_plc_unused(integer)' order by message$$,
  $$values ('warning extra', 'unused parameter "p_unused"'), ('warning', 'unused variable "v_never"')$$,
  'an unused variable is a warning, an unused parameter an extra warning');
select results_eq($$select problem from advisor.assert_doctrine() where object = 'ops.t_plc_unused(integer)'$$,
  $$values ('line 3: warning: unused variable "v_never"')$$, 'the warning fails the doctrine, the extra warning does not');

-- a statement on the schema of an optional extension this database lacks (pgmq here; cron where
-- pg_cron lives in another database) cannot be checked: 'unchecked', not a failure. A schema that
-- is no extension's is an error.
create function ops.t_plc_optional() returns bigint language plpgsql stable
set search_path = pg_catalog, pg_temp as $$
begin
  if pg_catalog.to_regclass('pgmq.meta') is not null then
    return (select count(*) from pgmq.meta);
  end if;
  return (select count(*) from t_plc_absent.jobs);
end
$$;
select results_eq($$select lineno, level, hint from advisor.plpgsql_check_findings() where function_name = 'ops.t_plc_optional()' order by lineno$$,
  $$values (4, 'unchecked', 'schema pgmq is not in this database: the statement is checked where its extension is installed'),
           (6, 'error', null)$$, 'an absent extension''s schema is unchecked, any other absent schema an error');
select results_eq($$select problem from advisor.assert_doctrine() where object = 'ops.t_plc_optional()'$$,
  $$values ('line 6: error: relation "t_plc_absent.jobs" does not exist')$$, 'only the error fails the doctrine');

select * from finish();
rollback;
