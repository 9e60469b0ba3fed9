-- ssot diff: the catalog of the project's schemas as (kind, object, definition) rows, one per
-- object, with an identity that is the same in every database (schema-qualified names, function
-- argument types; never an OID). The same query runs on the reference database (what db/ creates)
-- and on the target; the two sets are compared row by row. Plain SELECTs over pg_catalog: it runs
-- as Supabase's non-superuser `postgres` and installs nothing.
--   $1  the names of the schemas that are not the project's (advisor.platform_schemas() of the
--       reference); schemas named pg_*, supabase_* or _* and extensions' own schemas are left out too
-- Left out: what an extension owns, partitions (ops.events gets one a month) and what they inherit,
-- internal triggers. The owner is written as `current_user` when it is the connecting role (the role
-- that ran the migrations: a superuser locally, `postgres` on Supabase), and a grant to the owner as
-- a grant to `owner`, so the same project owned by another role compares equal; the connecting
-- role's privileges on what it does not own are left out.
-- Run with search_path = pg_catalog so that every name in a definition is schema-qualified.
with ours as (
  select n.oid, n.nspname, n.nspowner, n.nspacl
    from pg_catalog.pg_namespace n
   where n.nspname !~ '^(pg_|supabase_|_)' and n.nspname <> all ($1::text[])
     and not exists (select from pg_catalog.pg_depend d
                      where d.classid = 'pg_catalog.pg_namespace'::regclass and d.objid = n.oid and d.deptype = 'e')
),
ext as (
  select d.classid, d.objid from pg_catalog.pg_depend d where d.deptype = 'e'
),
rels as (
  select c.oid, c.relname, c.relkind, c.relowner, c.relacl, c.relrowsecurity, c.relforcerowsecurity, c.reloptions,
         o.nspname, pg_catalog.format('%I.%I', o.nspname, c.relname) as qname
    from pg_catalog.pg_class c join ours o on o.oid = c.relnamespace
   where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f') and not c.relispartition
     and not exists (select from ext e where e.classid = 'pg_catalog.pg_class'::regclass and e.objid = c.oid)
),
procs as (
  select p.oid, p.prokind, p.proowner, p.proacl,
         pg_catalog.format('%I.%I(%s)', o.nspname, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid)) as qname
    from pg_catalog.pg_proc p join ours o on o.oid = p.pronamespace
   where not exists (select from ext e where e.classid = 'pg_catalog.pg_proc'::regclass and e.objid = p.oid)
),
who as (
  select r.oid, case when r.rolname = current_user then 'current_user' else r.rolname::text end as name
    from pg_catalog.pg_roles r
),
acl as (   -- every privilege: on relations, their columns, functions and schemas
  select case r.relkind when 'S' then 'sequence' else 'table' end as objtype, r.qname as obj, r.relowner as owner,
         pg_catalog.aclexplode(coalesce(r.relacl, pg_catalog.acldefault(case r.relkind when 'S' then 's' else 'r' end::"char", r.relowner))) as a
    from rels r
  union all
  select 'column', pg_catalog.format('%s(%I)', r.qname, a.attname), r.relowner, pg_catalog.aclexplode(a.attacl)
    from rels r join pg_catalog.pg_attribute a on a.attrelid = r.oid
   where a.attnum > 0 and not a.attisdropped and a.attacl is not null
  union all
  select case p.prokind when 'p' then 'procedure' else 'function' end, p.qname, p.proowner,
         pg_catalog.aclexplode(coalesce(p.proacl, pg_catalog.acldefault('f', p.proowner)))
    from procs p
  union all
  select 'schema', pg_catalog.quote_ident(o.nspname), o.nspowner, pg_catalog.aclexplode(coalesce(o.nspacl, pg_catalog.acldefault('n', o.nspowner)))
    from ours o
)
select 'schema' as kind, pg_catalog.quote_ident(o.nspname) as object,
       'owner ' || (select w.name from who w where w.oid = o.nspowner) as definition
  from ours o
union all
select case r.relkind when 'v' then 'view' when 'm' then 'materialized view' when 'S' then 'sequence'
                      when 'f' then 'foreign table' else 'table' end,
       r.qname,
       pg_catalog.concat_ws(E'\n',
         'owner ' || (select w.name from who w where w.oid = r.relowner),
         case when r.relkind in ('r', 'p') then pg_catalog.format('row level security %s%s',
              case when r.relrowsecurity then 'enabled' else 'disabled' end, case when r.relforcerowsecurity then ', forced' else '' end) end,
         'options ' || nullif(pg_catalog.array_to_string(array(select x from pg_catalog.unnest(r.reloptions) x order by x), ', '), ''),
         case when r.relkind in ('v', 'm') then pg_catalog.pg_get_viewdef(r.oid, true) end,
         case when r.relkind = 'S' then (select pg_catalog.format('%s increment %s min %s max %s start %s cycle %s',
              pg_catalog.format_type(s.seqtypid, null), s.seqincrement, s.seqmin, s.seqmax, s.seqstart, s.seqcycle)
              from pg_catalog.pg_sequence s where s.seqrelid = r.oid) end,
         (select pg_catalog.string_agg(pg_catalog.format('column %I %s%s%s%s', a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),
                   case when a.attnotnull then ' not null' else '' end,
                   case a.attidentity when 'a' then ' generated always as identity' when 'd' then ' generated by default as identity' else '' end,
                   coalesce(case a.attgenerated when 's' then ' generated always as ' else ' default ' end || pg_catalog.pg_get_expr(d.adbin, d.adrelid), '')),
                   E'\n' order by a.attnum)
            from pg_catalog.pg_attribute a left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
           where a.attrelid = r.oid and a.attnum > 0 and not a.attisdropped and r.relkind in ('r', 'p', 'f')),
         (select pg_catalog.string_agg(pg_catalog.format('constraint %I %s', k.conname, pg_catalog.pg_get_constraintdef(k.oid)), E'\n' order by k.conname)
            from pg_catalog.pg_constraint k where k.conrelid = r.oid))
  from rels r
union all
select 'index', pg_catalog.format('%I.%I', r.nspname, i.relname), pg_catalog.pg_get_indexdef(i.oid)
  from rels r join pg_catalog.pg_index x on x.indrelid = r.oid join pg_catalog.pg_class i on i.oid = x.indexrelid
union all
select case p.prokind when 'p' then 'procedure' when 'a' then 'aggregate' else 'function' end, p.qname,
       'owner ' || (select w.name from who w where w.oid = p.proowner)
       || case when p.prokind <> 'a' then E'\n' || pg_catalog.pg_get_functiondef(p.oid) else '' end
  from procs p
union all
select 'trigger', pg_catalog.format('%I on %s', t.tgname, r.qname),
       pg_catalog.pg_get_triggerdef(t.oid, true)
       || case t.tgenabled when 'D' then E'\n(disabled)' when 'R' then E'\n(enabled replica)' when 'A' then E'\n(enabled always)' else '' end
  from rels r join pg_catalog.pg_trigger t on t.tgrelid = r.oid
 where not t.tgisinternal
union all
select 'policy', pg_catalog.format('%I on %s', p.polname, r.qname),
       pg_catalog.concat_ws(E'\n',
         pg_catalog.format('as %s for %s to %s', case when p.polpermissive then 'permissive' else 'restrictive' end,
           case p.polcmd when 'r' then 'select' when 'a' then 'insert' when 'w' then 'update' when 'd' then 'delete' else 'all' end,
           (select pg_catalog.string_agg(x.name, ', ' order by x.name)
              from (select case when g = 0 then 'public' else (select w.name from who w where w.oid = g) end as name
                      from pg_catalog.unnest(p.polroles) g) x)),
         'using (' || pg_catalog.pg_get_expr(p.polqual, p.polrelid) || ')',
         'with check (' || pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) || ')')
  from rels r join pg_catalog.pg_policy p on p.polrelid = r.oid
union all
select 'grant',
       pg_catalog.format('%s on %s %s to %s', (g.a).privilege_type, g.objtype, g.obj,
         case when (g.a).grantee = 0 then 'public' when (g.a).grantee = g.owner then 'owner'
              else (select w.name from who w where w.oid = (g.a).grantee) end),
       case when (g.a).is_grantable then 'with grant option' else 'granted' end
  from acl g
 -- what the connecting role holds on objects it does not own is the platform's layout, not the
 -- project's (Supabase grants `postgres` USAGE on schema public; a superuser needs no grant)
 where (g.a).grantee = g.owner or (g.a).grantee <> (select r.oid from pg_catalog.pg_roles r where r.rolname = current_user)
order by 1, 2
