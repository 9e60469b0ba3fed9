-- advisor.superset_reader_problems: what Superset's read-only account (superset_reader, seed 003
-- §5: "Superset MUST NOT have a writable connection") holds beyond SELECT on the analytics read
-- models: a missing role, role attributes, memberships (SET ROLE would hand their rights over),
-- any privilege on a relation other than SELECT in schema analytics, EXECUTE granted on a function,
-- CREATE on a schema. One row per problem, with its fix. Used by advisor.assert_doctrine (check
-- superset_reader).
create or replace function advisor.superset_reader_problems()
returns table (object text, problem text, fix text)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  with r as (select * from pg_catalog.pg_roles where rolname = 'superset_reader')
  select 'superset_reader', 'the role does not exist', 'run ssot migrate (migration 000026 creates it)'
   where not exists (select from r)
  union all
  select 'superset_reader', pg_catalog.format('superset_reader has %s', x.attr),
         pg_catalog.format('alter role superset_reader %s', x.undo)
    from r cross join lateral (values (r.rolsuper, 'SUPERUSER', 'nosuperuser'), (r.rolcreaterole, 'CREATEROLE', 'nocreaterole'),
                                      (r.rolcreatedb, 'CREATEDB', 'nocreatedb'), (r.rolreplication, 'REPLICATION', 'noreplication'),
                                      (r.rolbypassrls, 'BYPASSRLS', 'nobypassrls')) x(bad, attr, undo)
   where x.bad
  union all
  select 'superset_reader', pg_catalog.format('superset_reader is a member of %s', g.rolname),
         pg_catalog.format('revoke %I from superset_reader', g.rolname)
    from r join pg_catalog.pg_auth_members m on m.member = r.oid join pg_catalog.pg_roles g on g.oid = m.roleid
  union all
  select pg_catalog.format('%I.%I', n.nspname, c.relname),
         pg_catalog.format('superset_reader has %s on it', a.privilege_type),
         pg_catalog.format('revoke %s on %I.%I from superset_reader', a.privilege_type, n.nspname, c.relname)
    from r join pg_catalog.pg_class c on true
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    cross join lateral pg_catalog.aclexplode(c.relacl) a
   where a.grantee = r.oid and not (a.privilege_type = 'SELECT' and n.nspname = 'analytics')
  union all
  select p.oid::regprocedure::text, 'superset_reader may execute it (granted to it by name)',
         pg_catalog.format('revoke execute on function %s from superset_reader', p.oid::regprocedure)
    from r join pg_catalog.pg_proc p on true
    cross join lateral pg_catalog.aclexplode(p.proacl) a
   where a.grantee = r.oid
  union all
  select pg_catalog.format('schema %I', n.nspname), 'superset_reader may create objects in it',
         pg_catalog.format('revoke create on schema %I from superset_reader', n.nspname)
    from r join pg_catalog.pg_namespace n on pg_catalog.has_schema_privilege(r.oid, n.oid, 'CREATE')
$$;
comment on function advisor.superset_reader_problems() is 'What Superset''s read-only account superset_reader holds beyond SELECT on the analytics read models (missing role, attributes, memberships, other privileges, EXECUTE grants, CREATE on a schema), with the fix.';
revoke execute on function advisor.superset_reader_problems() from public;
