-- The xmin of a recorded object's catalog row as a number, or null when the object is gone.
-- $1 kind, $2 identity, $3 rel, $4 name (as ssot_meta.definition_objects records them).
select case $1
  when 'function' then (select p.xmin::text::bigint from pg_catalog.pg_proc p where p.oid = to_regprocedure($2))
  when 'view' then (select r.xmin::text::bigint from pg_catalog.pg_rewrite r where r.ev_class = to_regclass($2) and r.rulename = '_RETURN')
  when 'policy' then (select pol.xmin::text::bigint from pg_catalog.pg_policy pol where pol.polrelid = to_regclass($3) and pol.polname = $4)
  when 'trigger' then (select t.xmin::text::bigint from pg_catalog.pg_trigger t where t.tgrelid = to_regclass($3) and t.tgname = $4)
end as x
