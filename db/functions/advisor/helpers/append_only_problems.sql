-- advisor.append_only_problems: what would let an append-only table be changed. The append-only
-- tables are ops.events (and every partition), ops.event_seals, control_plane.access_log and the
-- anchoring tables (control_plane.access_log_seals, ops.seal_anchors: docs/anchors.md) and the archive
-- ledger ops.event_archives (docs/events.md); each
-- needs the guard triggers of ops.tg__append_only enabled (a row trigger on UPDATE and DELETE, and a
-- statement trigger on TRUNCATE, and on the event log also on UPDATE and DELETE), no role holding
-- UPDATE, DELETE or TRUNCATE (the owner included), and the trigger function must still refuse: its
-- body raises and never returns (a body replaced with `return coalesce(new, old)` keeps every
-- trigger enabled and lets every update through). One row per problem, naming the relation.
create or replace function advisor.append_only_problems()
returns table (relation text, problem text, fix text)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  with rels as (
    select c.oid, pg_catalog.format('%I.%I', n.nspname, c.relname) as fq, c.relowner,
           -- tgtype bits: 1 row, 8 delete, 16 update, 32 truncate
           case when c.oid = pg_catalog.to_regclass('control_plane.access_log') then 32 else 56 end as statement_bits
    from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where c.oid in (pg_catalog.to_regclass('ops.events'), pg_catalog.to_regclass('ops.event_seals'), pg_catalog.to_regclass('control_plane.access_log'),
                    pg_catalog.to_regclass('control_plane.access_log_seals'), pg_catalog.to_regclass('ops.seal_anchors'),
                    pg_catalog.to_regclass('ops.event_archives'))
       or c.oid in (select i.inhrelid from pg_catalog.pg_inherits i where i.inhparent = pg_catalog.to_regclass('ops.events'))
  ),
  need(kind) as (values ('row'), ('statement')),
  guard as (
    select p.oid, p.prosrc from pg_catalog.pg_proc p where p.oid = pg_catalog.to_regprocedure('ops.tg__append_only()')
  )
  select 'ops.events', 'ops.events does not exist', 'run the migrations' where pg_catalog.to_regclass('ops.events') is null
  union all
  select 'ops.tg__append_only()', 'the append-only trigger function ops.tg__append_only() does not exist', 'run the migrations'
  where not exists (select from guard)
  union all
  select 'ops.tg__append_only()', 'the body of ops.tg__append_only() no longer refuses: it must raise and never return',
         'restore it from the migration that created it (db/migrations/committed, "one append-only trigger function"); then check select * from ops.verify_event_seals()'
  from guard g
  where g.prosrc !~* '\mraise\s+exception\M' or g.prosrc ~* '\mreturn\M'
  union all
  select r.fq, pg_catalog.format('%s: no %s append-only guard trigger', r.fq, need.kind),
         case when need.kind = 'statement'
              then pg_catalog.format('create trigger _100_append_only_statement before %s on %s for each statement execute function ops.tg__append_only()',
                                     case when r.statement_bits = 32 then 'truncate' else 'update or delete or truncate' end, r.fq)
              else pg_catalog.format('create trigger _100_append_only before update or delete on %s for each row execute function ops.tg__append_only()', r.fq) end
  from rels r cross join need
  where not exists (
    select from pg_catalog.pg_trigger t
    where t.tgrelid = r.oid and t.tgfoid = pg_catalog.to_regprocedure('ops.tg__append_only()')
      and (case when need.kind = 'statement' then (t.tgtype & 1) = 0 and (t.tgtype & r.statement_bits) = r.statement_bits
                else (t.tgtype & 1) = 1 and (t.tgtype & 24) = 24 end))
  union all
  select r.fq, pg_catalog.format('%s: trigger %s is disabled (only a superuser can do this; %s may have been changed)', r.fq, t.tgname,
                                 case when r.fq like 'ops.event%' then 'events' else 'rows' end),
         pg_catalog.format('alter table %s enable trigger %I; then check select * from ops.verify_event_seals()', r.fq, t.tgname)
  from rels r join pg_catalog.pg_trigger t on t.tgrelid = r.oid
  where t.tgfoid = pg_catalog.to_regprocedure('ops.tg__append_only()') and t.tgenabled in ('D', 'R')
  union all
  select r.fq, pg_catalog.format('%s: %s holds %s', r.fq, coalesce(ro.rolname, 'PUBLIC'), a.privilege_type),
         pg_catalog.format('revoke update, delete, truncate on %s from %s', r.fq, coalesce(pg_catalog.quote_ident(ro.rolname), 'public'))
  from rels r
  cross join lateral pg_catalog.aclexplode(coalesce((select c.relacl from pg_catalog.pg_class c where c.oid = r.oid), pg_catalog.acldefault('r', r.relowner))) a
  left join pg_catalog.pg_roles ro on ro.oid = a.grantee
  where a.privilege_type in ('UPDATE', 'DELETE', 'TRUNCATE')
  order by 1, 2
$$;
comment on function advisor.append_only_problems() is 'Why an append-only table (ops.events and its partitions, ops.event_seals, control_plane.access_log) could be changed: a missing or disabled guard trigger, UPDATE/DELETE/TRUNCATE held by any role, or an ops.tg__append_only() body that no longer refuses. Empty when every guard holds.';
revoke execute on function advisor.append_only_problems() from public;
