-- advisor.events_append_only_problems: what would let ops.events be changed: the rows of
-- advisor.append_only_problems() about the event log, its partitions and the guard function.
-- Empty when the log is append-only.
create or replace function advisor.events_append_only_problems()
returns table (problem text, fix text)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select a.problem, a.fix from advisor.append_only_problems() a
  where a.relation = 'ops.tg__append_only()' or a.relation = 'ops.events'
     or a.relation in (select pg_catalog.format('ops.%I', c.relname) from pg_catalog.pg_inherits i join pg_catalog.pg_class c on c.oid = i.inhrelid
                        where i.inhparent = pg_catalog.to_regclass('ops.events'))
  order by 1
$$;
comment on function advisor.events_append_only_problems() is 'Why ops.events is not append-only right now (missing/disabled guards, UPDATE/DELETE/TRUNCATE privileges, a guard function that no longer refuses); empty when it is.';
revoke execute on function advisor.events_append_only_problems() from public;
