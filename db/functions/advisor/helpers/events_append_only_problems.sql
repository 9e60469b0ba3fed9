-- advisor.events_append_only_problems: what would let ops.events be changed: a missing or disabled
-- guard trigger (on the table or any partition) or an UPDATE/DELETE/TRUNCATE privilege held by any
-- role, the owner included. Empty when the log is append-only.
create or replace function advisor.events_append_only_problems()
returns table (problem text, fix text)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  with rels as (
    select c.oid, c.relkind, format('%I.%I', n.nspname, c.relname) as fq, c.relowner
    from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where c.oid = to_regclass('ops.events')
       or c.oid in (select i.inhrelid from pg_catalog.pg_inherits i where i.inhparent = to_regclass('ops.events'))
  ),
  need(kind) as (values ('row'), ('statement'))
  select 'ops.events does not exist', 'run the migrations' where to_regclass('ops.events') is null
  union all
  select format('%s: no %s append-only guard trigger', r.fq, need.kind),
         case when need.kind = 'statement' then format('create trigger _100_append_only_statement before update or delete or truncate on %s for each statement execute function ops.tg__append_only()', r.fq)
              else 'create trigger _100_append_only before update or delete on ops.events for each row execute function ops.tg__append_only()' end
  from rels r cross join need
  where not exists (
    select from pg_catalog.pg_trigger t
    where t.tgrelid = r.oid and t.tgfoid = to_regproc('ops.tg__append_only')
      -- tgtype bits: 1 row, 8 delete, 16 update, 32 truncate
      and (case when need.kind = 'statement' then (t.tgtype & 1) = 0 and (t.tgtype & 56) = 56 else (t.tgtype & 1) = 1 and (t.tgtype & 24) = 24 end))
  union all
  select format('%s: trigger %s is disabled (only a superuser can do this; events may have been changed)', r.fq, t.tgname),
         format('alter table %s enable trigger %I; then check select * from ops.verify_event_seals()', r.fq, t.tgname)
  from rels r join pg_catalog.pg_trigger t on t.tgrelid = r.oid
  where t.tgfoid = to_regproc('ops.tg__append_only') and t.tgenabled in ('D', 'R')
  union all
  select format('%s: %s holds %s', r.fq, coalesce(ro.rolname, 'PUBLIC'), a.privilege_type),
         format('revoke update, delete, truncate on %s from %s', r.fq, coalesce(quote_ident(ro.rolname), 'public'))
  from rels r
  cross join lateral pg_catalog.aclexplode(coalesce((select c.relacl from pg_catalog.pg_class c where c.oid = r.oid), pg_catalog.acldefault('r', r.relowner))) a
  left join pg_catalog.pg_roles ro on ro.oid = a.grantee
  where a.privilege_type in ('UPDATE', 'DELETE', 'TRUNCATE')
  order by 1
$$;
comment on function advisor.events_append_only_problems() is 'Why ops.events is not append-only right now (missing/disabled guards, UPDATE/DELETE/TRUNCATE privileges); empty when it is.';
revoke execute on function advisor.events_append_only_problems() from public;
