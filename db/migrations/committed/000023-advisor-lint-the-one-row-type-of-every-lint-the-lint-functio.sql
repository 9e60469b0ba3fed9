--! Previous: sha1:185dab96a054a0203726a067480ec3bb02248a91
--! Hash: sha1:5fda8ca9044439b64efdb635d1ab019be0917077
--! Message: advisor.lint: the one row type of every lint; the lint functions and advisor.lints() return setof advisor.lint

-- advisor.lint: the one row type of every lint (splinter's ten columns). The lint functions that
-- returned the same ten columns as a table return setof advisor.lint instead, and so does
-- advisor.lints(): a function's return type cannot be replaced in place, so the old ones (and the
-- views over them) are dropped here and the definitions create them again.
do $$
declare
  f record;
begin
  for f in
    select p.oid::regprocedure as fn, p.proname::text as proname
      from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
     where n.nspname = 'advisor' and (p.proname like '\_lint\_%' or p.proname = 'lints')
       and p.prorettype = 'pg_catalog.record'::pg_catalog.regtype
  loop
    if f.proname like '\_lint\_%' then
      execute pg_catalog.format('drop view if exists advisor.%I', substr(f.proname, 2));
    end if;
    execute pg_catalog.format('drop function %s', f.fn);
  end loop;
  if pg_catalog.to_regtype('advisor.lint') is null then
    create type advisor.lint as (
      name text, title text, level text, facing text, categories text[], description text,
      detail text, remediation text, metadata jsonb, cache_key text);
  end if;
end
$$;
comment on type advisor.lint is 'One finding of a lint, in splinter''s row shape: every advisor.lint_* view has exactly these columns and advisor.lints() returns them.';
