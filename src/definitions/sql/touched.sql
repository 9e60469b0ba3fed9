-- The objects whose catalog rows the transaction (or subtransaction) $1 wrote, fully qualified:
-- kind, identity, rel and name (how to find it again), sch and nm (to match its create statement),
-- and the statement that drops it.
select 'function' as kind, format('%I.%I(%s)', n.nspname, p.proname, pg_catalog.oidvectortypes(p.proargtypes)) as identity,
       null::text as rel, null::text as name, n.nspname::text as sch, p.proname::text as nm,
       format('drop function %I.%I(%s)', n.nspname, p.proname, pg_catalog.oidvectortypes(p.proargtypes)) as drop_sql
  from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace where p.xmin = $1::xid
union all
select 'view', format('%I.%I', n.nspname, c.relname), null, null, n.nspname::text, c.relname::text,
       format('drop view %I.%I', n.nspname, c.relname)
  from pg_catalog.pg_rewrite r join pg_catalog.pg_class c on c.oid = r.ev_class join pg_catalog.pg_namespace n on n.oid = c.relnamespace
 where r.xmin = $1::xid and r.rulename = '_RETURN' and c.relkind = 'v'
union all
select 'policy', format('%I on %I.%I', pol.polname, n.nspname, c.relname), format('%I.%I', n.nspname, c.relname), pol.polname::text,
       n.nspname::text, pol.polname::text, format('drop policy %I on %I.%I', pol.polname, n.nspname, c.relname)
  from pg_catalog.pg_policy pol join pg_catalog.pg_class c on c.oid = pol.polrelid join pg_catalog.pg_namespace n on n.oid = c.relnamespace
 where pol.xmin = $1::xid
union all
select 'trigger', format('%I on %I.%I', t.tgname, n.nspname, c.relname), format('%I.%I', n.nspname, c.relname), t.tgname::text,
       n.nspname::text, t.tgname::text, format('drop trigger %I on %I.%I', t.tgname, n.nspname, c.relname)
  from pg_catalog.pg_trigger t join pg_catalog.pg_class c on c.oid = t.tgrelid join pg_catalog.pg_namespace n on n.oid = c.relnamespace
 where t.xmin = $1::xid and not t.tgisinternal and t.tgparentid = 0
