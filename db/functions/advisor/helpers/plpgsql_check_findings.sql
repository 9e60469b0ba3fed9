-- advisor.plpgsql_check_findings(): plpgsql_check over every plpgsql function of our schemas
-- (advisor.is_ours, not an extension's), with every kind of warning it has turned on: errors,
-- warnings, extra warnings (unused variables and parameters, OUT values maybe never set),
-- performance (implicit casts, volatility) and security (EXECUTE of unsanitised text). A DML
-- trigger function is checked once per table whose own trigger calls it (pg_trigger; a partition's
-- cloned trigger is its parent's), with its transition tables; one no trigger calls has no relation
-- to be checked against and is left out. One row per finding, `lineno` counted in the body.
-- A statement on the schema of an optional extension this database lacks (cron, where pg_cron lives
-- in another database of the cluster; net without pg_net) is level 'unchecked': the project's code
-- reaches those only behind a run-time guard (to_regclass), and it is checked where they exist.
--
-- Which levels fail `ssot check` is decided by advisor.assert_doctrine (error, warning, security);
-- this lists them all. A function's own comment `-- @plpgsql_check_options: <option> = off` turns a
-- kind of warning off for that function (the way to silence a false positive; say why beside it).
--
-- plpgsql_check is found wherever it was created (`extensions` here and on Supabase) and called by
-- dynamic SQL, so this compiles without it; where it is missing the one row says so, with the fix.
-- SECURITY INVOKER: the non-superuser `postgres` of a Supabase project checks the functions it owns.
create or replace function advisor.plpgsql_check_findings()
returns table (function_name text, relation text, lineno integer, level text, sqlstate text, message text, detail text, hint text)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_schema name;
  v_fn record;
  v_absent text;
  v_state text;
  v_text text;
begin
  select n.nspname into v_schema
    from pg_catalog.pg_extension e join pg_catalog.pg_namespace n on n.oid = e.extnamespace
   where e.extname = 'plpgsql_check';
  if v_schema is null then
    return query select null::text, null::text, null::integer, 'error'::text, '58P01'::text,
      'the plpgsql_check extension is not installed: the functions are not checked'::text, null::text,
      'create extension plpgsql_check with schema extensions (on Supabase: Database → Extensions; on Debian: apt-get install postgresql-15-plpgsql-check, as scripts/provision.sh does)'::text;
    return;
  end if;
  for v_fn in
    select p.oid, p.oid::regprocedure::text as fn, coalesce(t.tgrelid, 0::oid) as relid, t.tgrelid::regclass::text as rel,
           t.tgoldtable, t.tgnewtable
      from pg_catalog.pg_proc p
      join pg_catalog.pg_namespace n on n.oid = p.pronamespace
      join pg_catalog.pg_language l on l.oid = p.prolang and l.lanname = 'plpgsql'
      left join lateral (
        select distinct tg.tgrelid, tg.tgoldtable, tg.tgnewtable
          from pg_catalog.pg_trigger tg
         where tg.tgfoid = p.oid and not tg.tgisinternal and tg.tgparentid = 0) t on true
     where advisor.is_ours(n.nspname)
       and not exists (select from pg_catalog.pg_depend d
                        where d.classid = 'pg_catalog.pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
       and (p.prorettype <> 'pg_catalog.trigger'::regtype or t.tgrelid is not null)
     order by 2, 3
  loop
    begin
      for lineno, level, sqlstate, message, detail, hint in execute pg_catalog.format(
        'select r.lineno, r.level, r.sqlstate, r.message, r.detail, r.hint
           from %I.plpgsql_check_function_tb($1, $2, fatal_errors => false, other_warnings => true,
                performance_warnings => true, extra_warnings => true, security_warnings => true,
                oldtable => $3, newtable => $4) r', v_schema)
        using v_fn.oid::regprocedure, v_fn.relid::regclass, v_fn.tgoldtable, v_fn.tgnewtable
      loop
        function_name := v_fn.fn; relation := v_fn.rel;
        -- a statement on an optional extension's schema that this database lacks (cron where pg_cron
        -- lives in another database of the cluster, net without pg_net) runs only behind a run-time
        -- guard (to_regclass): it cannot be checked here, which is not an error of the function
        v_absent := (pg_catalog.regexp_match(message, '^(?:relation "|schema "|function )([a-z_]+)[."]'))[1];
        if sqlstate in ('42P01', '3F000', '42883') and pg_catalog.to_regnamespace(v_absent) is null
           and v_absent in (select p.schema_name from advisor.platform_schemas() p where p.kind = 'platform') then
          level := 'unchecked';
          hint := pg_catalog.format('schema %s is not in this database: the statement is checked where its extension is installed', v_absent);
        end if;
        return next;
      end loop;
    exception when others then
      -- what plpgsql_check itself cannot do with a function is a finding, not the end of the check
      get stacked diagnostics v_state = returned_sqlstate, v_text = message_text;
      function_name := v_fn.fn; relation := v_fn.rel; lineno := null; level := 'error';
      plpgsql_check_findings.sqlstate := v_state; message := 'plpgsql_check could not check it: ' || v_text;
      detail := null; hint := null;
      return next;
    end;
  end loop;
end
$$;
comment on function advisor.plpgsql_check_findings() is 'plpgsql_check (errors and every warning: extra, performance, security) over every plpgsql function of our schemas, each trigger function against the tables its triggers are on; one row per finding with its line in the body (unchecked: a statement on an absent optional extension''s schema); one error row naming the fix when the extension is not installed.';
revoke execute on function advisor.plpgsql_check_findings() from public;
